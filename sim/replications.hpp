#pragma once
// Replications: the same scenario run with K consecutive seeds, each in a child process (SimGrid
// runs one engine per process), and every metric reported as a mean with its 95% confidence
// interval over the K runs.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace sim {

struct ReplicationResult {
  nlohmann::ordered_json summary;  // metric -> {mean, half_width_95, low, high, samples}
  int failed_runs = 0;             // replications that did not complete (violation or crash)
};

// Runs seeds first_seed .. first_seed + count - 1, writing each run's report to
// out_dir/seed-<S>/ and the aggregate to out_dir/replications.json (out_dir is the caller's
// staging folder: sim/output_file.hpp). Throws WriteError, or Interrupted.
ReplicationResult run_replications(const Scenario& scenario, int count, const std::string& out_dir, bool quiet);

enum class ChildRun {
  completed,        // the report is in dir
  found_a_problem,  // a safety violation: the report is in dir, and says so
  crashed,          // the child died or failed: dir may hold nothing
};
// Runs the scenario with this seed in a child process (SimGrid allows one engine per process) and
// writes its report to dir. Throws WriteError when the child could not write it, and Interrupted
// when zksim was interrupted (the child, stopped by the same signal, wrote nothing).
ChildRun run_child(const Scenario& scenario, std::uint64_t seed, const std::string& dir);
std::string replications_table(const ReplicationResult& result, const Scenario& scenario, int count);

}  // namespace sim
