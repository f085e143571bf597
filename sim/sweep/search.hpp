#pragma once
// The capacity search of one configuration: the highest offered rate whose replications still
// meet the SLO with 95% confidence (sim/sweep/step_verdict). The search itself is pure (the
// evaluation of a rate is passed in), so that its rule can be tested without simulating anything.
#include <functional>
#include <vector>

#include "sim/sweep/child_run.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/step_verdict.hpp"

namespace sim::sweep {

// The replications of one offered rate and whether they meet the SLO. The search sees only
// `meets`: an undecided step counts as failing, so that a capacity is never a rate whose interval
// straddles the SLO.
struct Step {
  double rate_per_s = 0;
  std::vector<RunResult> runs;  // one per replication, in seed order
  bool meets = false;
  Verdict verdict = Verdict::fails;
};

// found: bracketed within tolerance; at_max: max_rate_per_s still meets the SLO; budget: the
// steps ran out first (while still climbing, or with a bracket wider than the tolerance); none: no
// rate tried met the SLO.
enum class Bound { found, at_max, budget, none };

struct SearchOutcome {
  double capacity_per_s = 0;    // the highest rate that met the SLO (0 when none did)
  Bound bound = Bound::none;
  std::vector<Step> steps;      // every evaluation, in the order made
  int capacity_step = -1;       // index into steps of the capacity's evaluation
  int failing_step = -1;        // index into steps of the lowest failing rate above it (-1: none failed)
};

const char* bound_name(Bound bound);

using EvaluateRate = std::function<Step(double rate_per_s)>;

// Exponential bracketing from start_rate_per_s (x2 while the SLO holds, /2 while it does not,
// clamped to [min, max]), then bisection (arithmetic midpoint) until (high - low) / low <=
// tolerance; never more than max_steps evaluations.
SearchOutcome search_capacity(const SearchSpec& spec, const EvaluateRate& evaluate);

}  // namespace sim::sweep
