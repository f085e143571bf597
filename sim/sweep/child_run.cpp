#include "sim/sweep/child_run.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "sim/exit_codes.hpp"
#include "sim/interrupt.hpp"
#include "sim/output_file.hpp"

extern char** environ;

namespace sim::sweep {

namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Spawns `/proc/self/exe args...` with stdout discarded and stderr into stderr_file; returns its
// exit status (or -1 when it died of a signal).
int spawn_and_wait(const std::vector<std::string>& args, const std::string& stderr_file) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  char path_env[] = "PATH=";
  char* envp[] = {path_env, nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), envp);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start a child zksim: " + std::string(std::strerror(spawned)));
  pass_interrupt_to(pid);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid failed: " + std::string(std::strerror(errno)));
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Holds a job slot for as long as it lives, whatever way the scope is left.
class SlotGuard {
 public:
  explicit SlotGuard(JobSlots& slots) : slots_(slots) { slots_.acquire(); }
  ~SlotGuard() { slots_.release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;

 private:
  JobSlots& slots_;
};

}  // namespace

RunResult run_result_of(const nlohmann::json& report) {
  RunResult r;
  r.throughput_per_s = report.at("summary").at("throughput_per_s").get<double>();
  const auto& all = report.at("latency").at("all");
  r.p99_ms = all.at("p99_ms").is_number() ? all.at("p99_ms").get<double>() : 0.0;
  r.mean_ms = all.at("mean_ms").is_number() ? all.at("mean_ms").get<double>() : 0.0;
  r.service_percent = report.at("availability").at("service_percent").get<double>();
  r.client_percent = report.at("availability").at("client_percent").get<double>();
  return r;
}

void JobSlots::acquire() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [this] { return free_ > 0; });
  --free_;
}

void JobSlots::release() {
  {
    std::lock_guard lock(mutex_);
    ++free_;
  }
  freed_.notify_one();
}

RunResult run_child(const std::string& scenario_text, std::uint64_t seed, const std::string& dir, JobSlots& slots,
                    bool keep) {
  const std::filesystem::path folder(dir);
  std::error_code error;
  std::filesystem::remove_all(folder, error);
  std::filesystem::create_directories(folder, error);
  if (error) throw WriteError("cannot create " + dir + ": " + error.message());
  write_text_file(folder / "scenario.json", scenario_text);
  const std::vector<std::string> args{"zksim", "run", (folder / "scenario.json").string(), "--seed", std::to_string(seed),
                                      "--out", (folder / "out").string(), "-q"};
  int code = -1;
  {
    const SlotGuard slot(slots);
    throw_if_interrupted();  // no new child once interrupted
    code = spawn_and_wait(args, (folder / "stderr.txt").string());
  }
  throw_if_interrupted();
  if (code == kExitCannotWrite) throw WriteError("the run in " + dir + " could not write: " + read_text(folder / "stderr.txt"));
  if (code == kExitBadInput) throw BadInput("the run in " + dir + " refused its scenario: " + read_text(folder / "stderr.txt"));
  if (code != 0)
    throw std::runtime_error("the run in " + dir + " failed (exit " + std::to_string(code) + "): " +
                             read_text(folder / "stderr.txt"));
  const RunResult result = run_result_of(nlohmann::json::parse(read_text(folder / "out" / "report.json")));
  if (!keep) std::filesystem::remove_all(folder);
  return result;
}

}  // namespace sim::sweep
