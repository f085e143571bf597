#pragma once
// Runs swarm seeds, each in a child process of its own (SimGrid allows one engine per process,
// and a failed assertion must not take the whole check down), and shrinks failing fault schedules.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/check/random_scenario.hpp"
#include "models/core/protocol_bugs.hpp"
#include "sim/check/verdict.hpp"

namespace sim::check {

// How a seed's run is judged: when its final heal is, and its final window of continuous service.
struct Judging {
  double heal_s = 0;
  double window_s = 0;
};
Judging judging_of(const RandomScenario& scenario);

// Runs one scenario (JSON text) to its verdict in a forked child, its servers built with `bugs`.
// Must be called before any SimGrid engine exists in this process. The child's stderr goes to
// log_file (nowhere when it cannot be written).
Verdict run_in_child(const std::string& scenario_text, Judging judging, const std::string& log_file,
                     models::ProtocolBugs bugs = {});

struct SeedResult {
  std::uint64_t seed = 0;
  RandomScenario scenario;
  Verdict verdict;
};

// Runs the seeds with up to `jobs` children at once; `done` is called in seed order, and returns
// whether to go on: once it says no, no seed is started and those running are stopped unreported.
void run_seeds(const std::vector<std::uint64_t>& seeds, int jobs, const std::string& log_dir, models::ProtocolBugs bugs,
               const std::function<bool(const SeedResult&)>& done);

// Greedy shrinking: drops one fault at a time (from the last) and keeps the removal when the run
// still fails the same way; at most max_runs runs. Returns the smaller schedule.
std::vector<nlohmann::ordered_json> shrink(const RandomScenario& scenario, Outcome failure, int max_runs,
                                           const std::string& log_file, models::ProtocolBugs bugs = {});

}  // namespace sim::check
