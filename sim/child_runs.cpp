#include "sim/child_runs.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <stdexcept>

#include "sim/exit_codes.hpp"
#include "sim/interrupt.hpp"
#include "sim/output_file.hpp"
#include "sim/run.hpp"
#include "sim/runtime/platform.hpp"

namespace sim {

namespace {

// The child's side: run, write the report, and say how it went in the exit code. An interrupted
// run writes nothing (the parent discards the whole output folder anyway).
[[noreturn]] void child_main(const ChildJob& job) {
  int code = kExitOk;
  try {
    const RunOutput output = run_scenario(job.scenario, RunOptions{});
    if (output.interrupted) _exit(kExitInterruptedBase + interrupt_signal());
    write_report(output, job.dir, job.inputs);
    code = output.violation ? kExitFailedRun : kExitOk;
  } catch (const WriteError& e) {
    std::fprintf(stderr, "zksim: %s\n", e.what());
    code = kExitCannotWrite;
  } catch (const PlatformError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    code = kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zksim: error: %s\n", e.what());
    code = kExitFailedRun;
  }
  std::fflush(nullptr);
  _exit(code);
}

pid_t start_child(const ChildJob& job) {
  std::fflush(nullptr);  // what the parent buffered must not be written twice
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) child_main(job);
  pass_interrupt_to(pid);
  return pid;
}

// How a finished child's run went, and the error its exit code asks the parent to throw (if any).
struct Finished {
  ChildRun run = ChildRun::crashed;
  std::exception_ptr error;
};

Finished finished(int status, const ChildJob& job) {
  const std::string seed = std::to_string(job.scenario.seed);
  if (!WIFEXITED(status)) return {};
  switch (WEXITSTATUS(status)) {
    case kExitOk: return {ChildRun::completed, nullptr};
    case kExitFailedRun: return {ChildRun::found_a_problem, nullptr};
    case kExitCannotWrite:
      return {ChildRun::crashed,
              std::make_exception_ptr(WriteError("the run of seed " + seed + " could not write its report in " + job.dir))};
    case kExitBadInput:
      return {ChildRun::crashed,
              std::make_exception_ptr(BadInput("the run of seed " + seed + " refused its scenario (its error is above)"))};
    default: return {};
  }
}

// Waits for any child; returns its pid and status.
std::pair<pid_t, int> wait_any() {
  int status = 0;
  for (;;) {
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid >= 0) return {pid, status};
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }
}

// Waits for the children still running, whatever they did.
void wait_for_all(std::map<pid_t, std::size_t>& running) noexcept {
  for (const auto& [pid, index] : running) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  running.clear();
}

// The children started and not yet reaped (pid -> index of its job). Leaving the scope with some
// still running (an error or an interruption on the way out) waits for them, so that none is left
// behind writing into a folder about to be discarded; a guard rather than a catch-all, which could
// swallow what it must not.
struct RunningChildren {
  std::map<pid_t, std::size_t> pids;
  RunningChildren() = default;
  RunningChildren(const RunningChildren&) = delete;
  RunningChildren& operator=(const RunningChildren&) = delete;
  ~RunningChildren() { wait_for_all(pids); }
};

// Starts jobs while slots are free and zksim is not interrupted, and reaps one child per round.
void run_all(const std::vector<ChildJob>& jobs, std::size_t parallel, std::vector<Finished>& results,
             std::map<pid_t, std::size_t>& running) {
  std::size_t next = 0;
  for (;;) {  // ends when every started child is reaped: at most jobs.size() of them
    for (; next < jobs.size() && running.size() < parallel && !interrupted(); ++next) {
      const pid_t pid = start_child(jobs[next]);
      running[pid] = next;
    }
    if (running.empty()) return;  // all done, or interrupted before the rest could start
    const auto [pid, status] = wait_any();
    const auto it = running.find(pid);
    if (it == running.end()) continue;  // not one of these runs (none is expected)
    results[it->second] = finished(status, jobs[it->second]);
    running.erase(it);
  }
}

}  // namespace

std::vector<ChildRun> run_children(const std::vector<ChildJob>& jobs, int parallel) {
  assert(parallel >= 1);
  throw_if_interrupted();
  std::vector<Finished> results(jobs.size());
  RunningChildren running;
  run_all(jobs, static_cast<std::size_t>(parallel), results, running.pids);
  assert(running.pids.empty());
  throw_if_interrupted();
  std::vector<ChildRun> runs;
  for (const Finished& r : results) {
    if (r.error) std::rethrow_exception(r.error);
    runs.push_back(r.run);
  }
  return runs;
}

ChildRun run_child(const Scenario& scenario, std::uint64_t seed, const std::string& dir,
                   const analysis::HtmlInputs& inputs) {
  ChildJob job{scenario, dir, inputs};
  job.scenario.seed = seed;
  return run_children({job}, 1).front();
}

}  // namespace sim
