#pragma once
// Runs the capacity search of every configuration of a plan (or of one shard of it), with up to
// `jobs` simulations in parallel as child processes. Configurations are searched concurrently and
// the replications of one step run side by side; the results do not depend on the scheduling,
// since every run is deterministic and results are kept by configuration index.
#include <string>

#include "sim/sweep/plan.hpp"
#include "sim/sweep/sweep_results.hpp"

namespace sim::sweep {

struct SweepOptions {
  int jobs = 1;
  int shard_index = 0;   // this process runs the configurations with index % shard_count == shard_index
  int shard_count = 1;
  std::string work_dir;  // the runs' scenario files and reports, removed once read unless keep_runs
  bool keep_runs = false;
  bool progress = false; // configurations done and time left, on stderr
};

SweepData run_sweep(const Plan& plan, const SweepOptions& options);

}  // namespace sim::sweep
