#pragma once
// The capacity search of one configuration: the highest offered rate whose replications, averaged,
// still meet the SLO. The search itself is pure (the evaluation of a rate is passed in), so that
// its rule can be tested without simulating anything.
#include <functional>
#include <vector>

#include "sim/sweep/child_run.hpp"
#include "sim/sweep/plan.hpp"

namespace sim::sweep {

// The replications of one offered rate and whether their means meet the SLO.
struct Step {
  double rate_per_s = 0;
  std::vector<RunResult> runs;  // one per replication, in seed order
  bool meets = false;
};

// The mean of each metric over the replications of a step.
RunResult mean_of(const std::vector<RunResult>& runs);
bool meets_slo(const std::vector<RunResult>& runs, const Slo& slo);

// found: bracketed within tolerance (or the step budget); at_max: max_rate_per_s still meets the
// SLO; budget: the steps ran out while still climbing; none: no rate tried met the SLO.
enum class Bound { found, at_max, budget, none };

struct SearchOutcome {
  double capacity_per_s = 0;    // the highest rate that met the SLO (0 when none did)
  Bound bound = Bound::none;
  std::vector<Step> steps;      // every evaluation, in the order made
  int capacity_step = -1;       // index into steps of the capacity's evaluation
};

const char* bound_name(Bound bound);

using EvaluateRate = std::function<Step(double rate_per_s)>;

// Exponential bracketing from start_rate_per_s (x2 while the SLO holds, /2 while it does not,
// clamped to [min, max]), then bisection (arithmetic midpoint) until (high - low) / low <=
// tolerance; never more than max_steps evaluations.
SearchOutcome search_capacity(const SearchSpec& spec, const EvaluateRate& evaluate);

}  // namespace sim::sweep
