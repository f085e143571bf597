#include "sim/sweep/capacity_metrics.hpp"

#include <cmath>

#include "sim/sweep/sweep_results.hpp"

namespace sim::sweep {

const std::vector<RunResult>& capacity_runs(const ConfigResult& c) {
  static const std::vector<RunResult> kNone;
  if (c.outcome.capacity_step < 0) return kNone;
  return c.outcome.steps.at(static_cast<std::size_t>(c.outcome.capacity_step)).runs;
}

analysis::ConfidenceInterval interval_over(const std::vector<RunResult>& runs, const Metric& m) {
  std::vector<double> samples;
  for (const RunResult& r : runs) samples.push_back(r.*m.field);
  return analysis::confidence_interval_95(samples, 0, m.ceiling);
}

analysis::ConfidenceInterval interval_of(const ConfigResult& c, const Metric& m) { return interval_over(capacity_runs(c), m); }

double capacity_ceiling_per_s(const ConfigResult& c) {
  if (c.outcome.failing_step < 0) return NAN;
  return c.outcome.steps.at(static_cast<std::size_t>(c.outcome.failing_step)).rate_per_s;
}

}  // namespace sim::sweep
