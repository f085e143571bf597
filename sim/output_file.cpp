#include "sim/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include "sim/interrupt.hpp"

namespace sim {

namespace fs = std::filesystem;

namespace {

std::string reason(int error) { return std::strerror(error); }

// Every byte, through as many write() calls as it takes; false (errno set) on the first failure.
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The path made absolute, normal, without a trailing separator, and with symbolic links resolved
// as far as they exist: a folder reached through a link is replaced where it really is.
fs::path resolved(const fs::path& path) {
  std::error_code error;
  fs::path p = fs::weakly_canonical(fs::absolute(path, error), error);
  if (error) p = fs::absolute(path).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

// "/a/b/NAME" -> "/a/b/.NAME.tmp-XXXXXX": hidden, beside the final path (so that the rename stays
// on one file system), and telling what it is if a killed process leaves it behind.
std::string temporary_pattern(const fs::path& final_path) {
  return (final_path.parent_path() / ("." + final_path.filename().string() + ".tmp-XXXXXX")).string();
}

void create_parent(const fs::path& final_path, const char* what) {
  std::error_code error;
  fs::create_directories(final_path.parent_path(), error);
  if (error)
    throw OutputRefused("cannot create the folder " + final_path.parent_path().string() + " for the " + what + " " +
                        final_path.string() + ": " + error.message());
}

// Whether a folder may be replaced: zksim wrote it (it holds the marker), or it is empty.
void check_replaceable(const fs::path& dir) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(dir, error);
  if (!fs::exists(status)) return;
  if (!fs::is_directory(status))
    throw OutputRefused(dir.string() + " exists and is not a folder: give --out a folder path");
  if (fs::exists(dir / kOutputMarker, error) || fs::is_empty(dir, error)) return;
  throw OutputRefused(dir.string() + " holds files that zksim did not write (it has no " + kOutputMarker +
                      "): zksim replaces its output folder as a whole, so it will not replace this one; give --out a "
                      "new folder, or remove this one first");
}

// The permissions a new file gets are the usual ones less the umask, which can only be read by
// setting it: read at the first call, when zksim starts writing and creates nothing else.
mode_t process_umask() {
  static const mode_t mask = [] {
    const mode_t m = ::umask(022);
    ::umask(m);
    return m;
  }();
  return mask;
}

void remove_tree(const fs::path& path) {
  std::error_code error;
  fs::remove_all(path, error);
}

}  // namespace

void write_text_file(const fs::path& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw WriteError("cannot write " + path.string() + ": " + reason(errno));
  if (!write_all(fd, text.data(), text.size())) {
    const int error = errno;
    ::close(fd);
    throw WriteError("cannot write " + path.string() + ": " + reason(error));
  }
  if (::close(fd) != 0) throw WriteError("cannot write " + path.string() + ": " + reason(errno));
}

std::vector<analysis::SvgFile> read_written_plots(const std::filesystem::path& dir) {
  try {
    return analysis::read_svg_folder(dir);
  } catch (const std::runtime_error& e) {
    throw WriteError(e.what());
  }
}

StagedFolder::StagedFolder(const fs::path& final_dir) : final_(resolved(final_dir)) {
  if (!final_.has_filename() || final_ == final_.root_path())
    throw OutputRefused("cannot write the results to " + final_dir.string() + ": give --out a folder of its own");
  check_replaceable(final_);
  create_parent(final_, "output folder");
  std::string pattern = temporary_pattern(final_);
  if (!::mkdtemp(pattern.data()))
    throw OutputRefused("cannot write to " + final_.parent_path().string() + " (for " + final_.string() +
                        "): " + reason(errno));
  staging_ = pattern;
  ::chmod(staging_.c_str(), 0777 & ~process_umask());  // mkdtemp makes it 0700; outputs are as readable as others
}

void StagedFolder::remove_earlier() {
  std::error_code error;
  fs::remove_all(final_, error);
  if (error) throw OutputRefused("cannot remove the earlier output " + final_.string() + ": " + error.message());
}

StagedFolder::~StagedFolder() {
  if (!committed_) remove_tree(staging_);
}

std::string StagedFolder::with_final_path(std::string text) const {
  const std::string from = staging_.string(), to = final_.string();
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

void StagedFolder::commit() {
  throw_if_interrupted();
  write_text_file(staging_ / kOutputMarker,
                  "A zksim output folder: the next zksim command writing its results here replaces it as a whole.\n");
  std::error_code error;
  fs::remove_all(final_, error);  // if the caller did not remove it first: it was checked replaceable
  if (::rename(staging_.c_str(), final_.c_str()) != 0)
    throw WriteError("cannot rename " + staging_.string() + " to " + final_.string() + ": " + reason(errno));
  committed_ = true;
}

OutputFile::OutputFile(const fs::path& path, std::size_t buffer_bytes) : final_(resolved(path)), buffer_(buffer_bytes) {
  std::error_code error;
  const fs::file_status status = fs::status(final_, error);
  if (fs::is_directory(status)) throw OutputRefused(final_.string() + " is a folder: give a file path");
  if (fs::exists(status) && !fs::is_regular_file(status)) {  // a device or a FIFO: written as it is
    fd_ = ::open(final_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) throw OutputRefused("cannot write " + final_.string() + ": " + reason(errno));
    return;
  }
  create_parent(final_, "file");
  std::string pattern = temporary_pattern(final_);
  fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd_ < 0)
    throw OutputRefused("cannot write to " + final_.parent_path().string() + " (for " + final_.string() + "): " +
                        reason(errno));
  ::fchmod(fd_, 0666 & ~process_umask());  // mkostemp makes it 0600; outputs are as readable as others
  staging_ = pattern;
}

void OutputFile::remove_earlier() {
  if (staging_.empty()) return;  // written in place
  std::error_code error;
  if (!fs::remove(final_, error) && error)
    throw OutputRefused("cannot remove the earlier " + final_.string() + ": " + error.message());
}

OutputFile::~OutputFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !staging_.empty()) ::unlink(staging_.c_str());
}

void OutputFile::fail(const char* what) {
  if (error_.empty()) error_ = std::string("cannot ") + what + " " + final_.string() + ": " + reason(errno);
}

void OutputFile::flush() {
  if (used_ == 0 || failed()) return;
  if (!write_all(fd_, buffer_.data(), used_)) fail("write");
  used_ = 0;
}

void OutputFile::write(std::string_view bytes) {
  if (failed()) return;
  if (used_ + bytes.size() > buffer_.size()) flush();
  if (bytes.size() >= buffer_.size()) {
    if (!failed() && !write_all(fd_, bytes.data(), bytes.size())) fail("write");
    return;
  }
  std::memcpy(buffer_.data() + used_, bytes.data(), bytes.size());
  used_ += bytes.size();
}

void OutputFile::commit() {
  throw_if_interrupted();
  flush();
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) fail("close");
  if (failed()) throw WriteError(error_);
  if (!staging_.empty() && ::rename(staging_.c_str(), final_.c_str()) != 0) {
    fail("rename the finished file onto");
    throw WriteError(error_);
  }
  committed_ = true;
}

void write_output_file(const fs::path& path, std::string_view text) {
  OutputFile file(path);
  file.write(text);
  file.commit();
}

bool path_within(const fs::path& inner, const fs::path& outer) {
  const fs::path a = resolved(inner), b = resolved(outer);
  auto it = a.begin();
  for (const auto& part : b) {
    if (it == a.end() || *it != part) return false;
    ++it;
  }
  return true;
}

}  // namespace sim
