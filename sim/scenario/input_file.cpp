#include "sim/scenario/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sim {

int open_regular_file(const std::string& path, std::string& problem) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    problem = std::strerror(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    problem = S_ISDIR(st.st_mode) ? "a folder, not a file" : "not a regular file";
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, 0);  // a regular file never blocks: plain reads from here on
  return fd;
}

std::optional<std::string> read_input_file(const std::string& path, std::string* problem) {
  std::string why;
  const int fd = open_regular_file(path, why);
  std::optional<std::string> text;
  if (fd >= 0) {
    text.emplace();
    char buffer[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) why = std::strerror(errno);
      if (n <= 0) break;
      text->append(buffer, static_cast<std::size_t>(n));
      if (text->size() > kInputFileBytesMax) why = "larger than " + std::to_string(kInputFileBytesMax >> 20) + " MiB";
      if (!why.empty()) break;
    }
    ::close(fd);
    if (!why.empty()) text.reset();
  }
  if (problem) *problem = why;
  return text;
}

std::optional<nlohmann::json> read_json_file(const std::string& path, std::vector<InputError>& errors) {
  std::string problem;
  const std::optional<std::string> text = read_input_file(path, &problem);
  if (text) return parse_document(*text, errors);
  errors.push_back({"$", "cannot read the file: " + problem, "check the path"});
  return std::nullopt;
}

std::string absolute_from(const std::string& base_dir, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path absolute = fs::absolute(fs::path(base_dir.empty() ? "." : base_dir) / path, error);
  return (error ? fs::path(path) : absolute).lexically_normal().string();
}

std::string format_input_errors(const std::string& source, const std::vector<InputError>& errors) {
  std::string out;
  for (const InputError& e : errors) {
    out += source + ": " + e.path + ": " + e.message;
    if (!e.hint.empty()) out += " (" + e.hint + ")";
    out += "\n";
  }
  return out;
}

}  // namespace sim
