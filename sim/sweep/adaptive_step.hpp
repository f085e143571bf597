#pragma once
// The replications of one offered rate. The plan's first batch runs side by side; then, while the
// step is neither failing decisively nor precise enough (sim/sweep/step_verdict), another batch
// of the same size, never beyond the cap. A decisive failure stops early because its figures are
// never reported (the capacity is a passing rate); a pass must also be precise, since it may be
// the capacity whose metrics are reported. The rule is pure (the runs are passed in), so that
// merge replays it over recorded runs and the tests drive it without simulating.
#include <functional>
#include <vector>

#include "sim/sweep/search.hpp"

namespace sim::sweep {

struct ReplicationRule {
  int initial = 3;  // the plan's replications: the first batch, and every later one
  ConfidenceSpec confidence;
  Slo slo;
};

ReplicationRule replication_rule(const Plan& plan);

// The runs of replications first .. first + count - 1 of one rate, in seed order.
using RunBatch = std::function<std::vector<RunResult>(int first, int count)>;

// Whether a step holding these runs is done: the cap reached, a decisive failure, or intervals
// narrow enough.
bool step_complete(const std::vector<RunResult>& runs, const ReplicationRule& rule);

// The step at this rate: its runs, verdict and whether it meets the SLO (an undecided step does
// not: it counts as failing).
Step evaluate_step(double rate_per_s, const ReplicationRule& rule, const RunBatch& run_batch);

}  // namespace sim::sweep
