#pragma once
// Runs one simulation in a child process. SimGrid allows one engine per process, so a command that
// needs many runs (a sweep, a calibration) re-executes this very binary as `zksim run FILE --seed S
// --out DIR -q` and reads DIR/report.json. Each run is deterministic, so running them in parallel
// and in any order gives the same reports.
#include <cstdint>
#include <mutex>
#include <condition_variable>
#include <string>

#include <nlohmann/json.hpp>

namespace sim::sweep {

// What a sweep or a calibration reads from one run's report.json.
struct RunResult {
  double throughput_per_s = 0;
  double p99_ms = 0;
  double mean_ms = 0;
  double service_percent = 0;
  double client_percent = 0;
};

RunResult run_result_of(const nlohmann::json& report);

// Bounds the number of children alive at once (--jobs), shared by every thread that launches runs.
class JobSlots {
 public:
  explicit JobSlots(int jobs) : free_(jobs) {}
  void acquire();
  void release();

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  int free_;
};

// Writes the scenario text to DIR/scenario.json, runs it with the seed in a child process (within
// a job slot) and returns its report. The child runs with an empty PATH so that it does not render
// the per-run plots with gnuplot (a run's plots are of no use to a sweep and cost more than a small
// run). Throws std::runtime_error with the child's stderr when the run fails, WriteError when it
// could not write (exit code 3), and Interrupted when zksim was interrupted (the child, passed the
// signal, stops too; no child starts after it). When keep is false, DIR is removed once the report
// has been read.
RunResult run_child(const std::string& scenario_text, std::uint64_t seed, const std::string& dir, JobSlots& slots,
                    bool keep);

}  // namespace sim::sweep
