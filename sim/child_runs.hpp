#pragma once
// Runs of one scenario in child processes: SimGrid allows one engine per process, so a command that
// needs several runs (replications, compare) forks a child per run. Each run is deterministic and
// writes only into its own folder, so running several at once changes nothing but the wall time.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/report/html_sections.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

enum class ChildRun {
  completed,        // the report is in dir
  found_a_problem,  // a safety violation: the report is in dir, and says so
  crashed,          // the child died or failed: dir may hold nothing
};

// One run to make: the scenario (with its seed), the folder its report goes to, and the inputs its
// report.html shows (the scenario file and what the command changed in it).
struct ChildJob {
  Scenario scenario;
  std::string dir;
  analysis::HtmlInputs inputs;
};

// Runs the scenario with this seed in a child process and writes its report to dir. Throws
// WriteError when the child could not write it, BadInput when it refused the scenario, and
// Interrupted when zksim was interrupted (the child, stopped by the same signal, wrote nothing).
ChildRun run_child(const Scenario& scenario, std::uint64_t seed, const std::string& dir,
                   const analysis::HtmlInputs& inputs);

// Runs every job, up to `parallel` children at once (parallel >= 1), and returns how each went, in
// the jobs' order. When one fails to write or refuses its scenario, the others still running are
// waited for before the first such error (in the jobs' order) is thrown, so that no child outlives
// the call; once zksim is interrupted no child starts, and Interrupted is thrown when they are done.
std::vector<ChildRun> run_children(const std::vector<ChildJob>& jobs, int parallel);

}  // namespace sim
