#include "sim/sweep/adaptive_step.hpp"

#include <algorithm>
#include <cassert>

namespace sim::sweep {

ReplicationRule replication_rule(const Plan& plan) { return {plan.replications, plan.confidence, plan.slo}; }

bool step_complete(const std::vector<RunResult>& runs, const ReplicationRule& rule) {
  if (static_cast<int>(runs.size()) >= rule.confidence.max_replications) return true;
  const SloIntervals intervals = slo_intervals(runs);
  return verdict_of(intervals, rule.slo) == Verdict::fails ||
         precise_enough(intervals, rule.confidence.relative_half_width);
}

Step evaluate_step(double rate_per_s, const ReplicationRule& rule, const RunBatch& run_batch) {
  assert(rule.initial >= 1 && rule.initial <= rule.confidence.max_replications);
  Step step;
  step.rate_per_s = rate_per_s;
  // Bounded: every batch adds at least one run, and the cap stops it.
  while (step.runs.empty() || !step_complete(step.runs, rule)) {
    const int done = static_cast<int>(step.runs.size());
    const int count = std::min(rule.initial, rule.confidence.max_replications - done);
    std::vector<RunResult> batch = run_batch(done, count);
    assert(static_cast<int>(batch.size()) == count);
    step.runs.insert(step.runs.end(), batch.begin(), batch.end());
  }
  step.verdict = verdict_of(slo_intervals(step.runs), rule.slo);
  step.meets = step.verdict == Verdict::meets;
  return step;
}

}  // namespace sim::sweep
