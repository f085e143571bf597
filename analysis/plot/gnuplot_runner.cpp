#include "analysis/plot/gnuplot_runner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace analysis {

namespace {

// Output kept from a failing gnuplot: enough for its error message, bounded for a runaway one.
constexpr std::size_t kMaxOutputBytes = 4096;

bool is_executable_file(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

// Single-quoted for /bin/sh: the only character that needs care inside is the quote itself.
std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::optional<std::string> find_program(const std::string& program) {
  if (program.empty()) return std::nullopt;
  if (program.find('/') != std::string::npos)
    return is_executable_file(program) ? std::optional<std::string>(program) : std::nullopt;
  const char* path_env = std::getenv("PATH");
  const std::string path = path_env ? path_env : "";
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    const std::string dir = end > start ? path.substr(start, end - start) : ".";  // empty entry: POSIX cwd
    const std::filesystem::path candidate = std::filesystem::path(dir) / program;
    if (is_executable_file(candidate)) return candidate.string();
    start = end + 1;
  }
  return std::nullopt;
}

GnuplotRun run_gnuplot(const std::string& gnuplot_path, const std::string& dir, const std::string& script) {
  const std::string command =
      "cd " + shell_quote(dir) + " && " + shell_quote(gnuplot_path) + " " + shell_quote(script) + " 2>&1";
  std::fflush(nullptr);  // the child must not inherit and re-flush our buffered output
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return {false, "cannot start " + gnuplot_path};
  GnuplotRun run;
  char buffer[512];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
    if (run.output.size() < kMaxOutputBytes) run.output.append(buffer, n);
  const int status = ::pclose(pipe);
  run.ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return run;
}

}  // namespace analysis
