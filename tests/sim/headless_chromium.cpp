#include "tests/sim/headless_chromium.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/sim/zksim_process.hpp"

namespace tests {

namespace fs = std::filesystem;

namespace {

// A fresh folder for one call's profile and outputs.
std::string call_dir() {
  static int calls = 0;
  return temp_dir("chromium-" + std::to_string(++calls));
}

// The child's side: a process group of its own (so that a hung chromium and every process it
// started can be killed together), stdout and stderr into files, then chromium.
[[noreturn]] void exec_chromium(const std::vector<std::string>& args, const std::string& out, const std::string& err) {
  setpgid(0, 0);
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out_fd < 0 || err_fd < 0) _exit(127);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

// Waits for pid until the deadline, then kills its process group: at once if it is still running
// then (a hung chromium), and in any case the processes it left in its group (a crash handler), so
// that none outlives the test. The group is killed before chromium is reaped (it is only observed
// exiting, WNOWAIT), while its id cannot have been reused.
int wait_bounded(pid_t pid, double timeout_s, bool& timed_out) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) < 0 && errno != EINTR)
      throw std::runtime_error("waitid on chromium failed");
    if (info.si_pid == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid on chromium failed");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string console_lines_of(const std::string& stderr_text) {
  std::istringstream in(stderr_text);
  std::string lines;
  for (std::string line; std::getline(in, line);)
    if (line.find(":CONSOLE") != std::string::npos) lines += line + "\n";
  return lines;
}

}  // namespace

std::string chromium_path() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / "chromium";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

Rendered render_page(const std::string& html_file, int width, int height, double timeout_s) {
  const std::string chromium = chromium_path();
  if (chromium.empty()) throw std::runtime_error("chromium is not on PATH");
  const std::string dir = call_dir(), png = dir + "/screenshot.png";
  const std::vector<std::string> args{chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                                      "--user-data-dir=" + dir + "/profile", "--screenshot=" + png, "--dump-dom",
                                      "--window-size=" + std::to_string(width) + "," + std::to_string(height),
                                      "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "file://" + html_file};
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot fork for chromium");
  if (pid == 0) exec_chromium(args, dir + "/stdout", dir + "/stderr");
  Rendered r;
  r.exit_code = wait_bounded(pid, timeout_s, r.timed_out);
  r.dom = read_file(dir + "/stdout");
  r.stderr_text = read_file(dir + "/stderr");
  r.console_lines = console_lines_of(r.stderr_text);
  if (fs::exists(png)) r.screenshot_png = read_file(png);
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  return r;
}

bool png_has_size(const std::string& png, int width, int height) {
  static const std::string kSignature = "\x89PNG\r\n\x1a\n";
  if (png.size() < 24 || png.compare(0, 8, kSignature) != 0 || png.compare(12, 4, "IHDR") != 0) return false;
  const auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned>(static_cast<unsigned char>(png[at])) << 24) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 1])) << 16) |
           (static_cast<unsigned>(static_cast<unsigned char>(png[at + 2])) << 8) |
           static_cast<unsigned>(static_cast<unsigned char>(png[at + 3]));
  };
  return be32(16) == static_cast<unsigned>(width) && be32(20) == static_cast<unsigned>(height);
}

std::string html_unescape(const std::string& text) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", "\xc2\xa0"}, {"&amp;", "&"}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [entity, character] : kEntities) {
      if (text.compare(i, std::char_traits<char>::length(entity), entity) != 0) continue;
      out += character;
      i += std::char_traits<char>::length(entity);
      replaced = true;
      break;
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

}  // namespace tests
