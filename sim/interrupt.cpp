#include "sim/interrupt.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <future>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace sim {

namespace {

volatile std::sig_atomic_t g_signal = 0;
int g_wake[2] = {-1, -1};  // the handler writes a byte, the watcher thread reads it

// How long stop_children() lets a signalled child stop at its next step before killing it.
constexpr auto kChildStopWait = std::chrono::seconds(10);
// How long after the first signal zksim may take to stop cleanly: past it, something it was doing
// never reached a point that checks the flag (a loop gone wrong), and it ends at once, as on a
// second signal. `timeout` and most supervisors send SIGTERM once.
constexpr auto kStopGrace = std::chrono::seconds(30);

extern "C" void on_signal(int signal) {
  if (g_signal != 0) _exit(128 + signal);  // the second signal: at once
  g_signal = signal;
  const char byte = 1;
  [[maybe_unused]] const ssize_t n = ::write(g_wake[1], &byte, 1);  // non-blocking: never waits
}

// Waits for the first signal, then passes it on to every child alive at that moment; a child
// started later gets it from pass_interrupt_to() (or inherits the flag, when forked). Then gives
// the process kStopGrace to stop by itself. `started` is set once the thread runs this function.
void watch(pid_t self, std::promise<void> started) {
  started.set_value();
  for (;;) {
    char byte = 0;
    const ssize_t n = ::read(g_wake[0], &byte, 1);
    if (n < 0 && errno != EINTR) return;
    if (g_signal != 0) break;  // a forked child's handler writes here too: only our own flag counts
  }
  for (pid_t child : child_processes(self)) ::kill(child, g_signal);
  std::this_thread::sleep_for(kStopGrace);
  std::fprintf(stderr, "zksim: still running %lld s after the signal: stopping at once\n",
               static_cast<long long>(kStopGrace.count()));
  stop_children();
  _exit(128 + g_signal);
}

}  // namespace

void install_interrupt_handlers() {
  static const bool watcher_started = [] {
    if (::pipe2(g_wake, O_CLOEXEC | O_NONBLOCK) != 0) return false;
    ::fcntl(g_wake[0], F_SETFL, 0);  // the watcher blocks on its end
    // Returns only once the watcher runs: a fork while a thread is still starting can copy a lock
    // the starting thread holds (AddressSanitizer's thread registry, say) into the child, where it
    // is never released, and the child hangs on its first thread of SimGrid (actors are threads
    // under the sanitizers): the likeliest cause of a swarm child that once hung under the
    // sanitizers on a loaded machine until its wall limit.
    std::promise<void> started;
    std::future<void> running = started.get_future();
    std::thread(watch, ::getpid(), std::move(started)).detach();
    running.wait();
    return true;
  }();
  if (!watcher_started) return;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() { return g_signal; }

// Every process's stat line is "pid (comm) state ppid ...", where comm may hold spaces and
// parentheses, hence the last ')'.
std::vector<pid_t> child_processes(pid_t parent) {
  std::vector<pid_t> children;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    long ppid = 0;
    if (std::sscanf(stat.c_str() + close + 1, " %c %ld", &state, &ppid) == 2 && ppid == parent)
      children.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return children;
}

void throw_if_interrupted() {
  if (const int signal = g_signal; signal != 0) throw Interrupted(signal);
}

void pass_interrupt_to(pid_t child) {
  if (g_signal != 0 && child > 0) ::kill(child, g_signal);
}

void stop_children() {
  const int signal = g_signal != 0 ? g_signal : SIGTERM;
  std::vector<pid_t> children = child_processes(::getpid());
  for (pid_t child : children) ::kill(child, signal);
  const auto deadline = std::chrono::steady_clock::now() + kChildStopWait;
  for (pid_t child : children) {
    int status = 0;
    while (::waitpid(child, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

}  // namespace sim
