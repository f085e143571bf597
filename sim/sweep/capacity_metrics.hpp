#pragma once
// The metrics reported at a configuration's capacity, each with its 95% confidence interval over
// the capacity step's replications, in the fixed order of the tables' columns; shared by the
// table, the CSV, sweep.json and the plots, so that they all say the same.
#include <limits>
#include <vector>

#include "analysis/stats/confidence.hpp"
#include "sim/sweep/child_run.hpp"

namespace sim::sweep {

struct ConfigResult;

struct Metric {
  const char* name;
  double RunResult::*field;
  int decimals;
  double ceiling;  // what it can be at most (a percentage: 100); never below 0
};

constexpr double kUnbounded = std::numeric_limits<double>::infinity();
constexpr Metric kMetrics[] = {{"throughput_per_s", &RunResult::throughput_per_s, 1, kUnbounded},
                               {"p99_ms", &RunResult::p99_ms, 3, kUnbounded},
                               {"mean_ms", &RunResult::mean_ms, 3, kUnbounded},
                               {"service_percent", &RunResult::service_percent, 4, 100},
                               {"client_percent", &RunResult::client_percent, 4, 100}};

// The runs of the capacity's evaluation (empty when no rate met the SLO).
const std::vector<RunResult>& capacity_runs(const ConfigResult& c);

// A metric's interval over some runs, kept within what the metric can be.
analysis::ConfidenceInterval interval_over(const std::vector<RunResult>& runs, const Metric& m);

// The metric's interval at capacity.
analysis::ConfidenceInterval interval_of(const ConfigResult& c, const Metric& m);

// The lowest rate above the capacity that failed (or was undecided): the capacity lies in
// [capacity, this), also when no rate passed (capacity 0); NaN when none failed (at_max, or the
// budget ran out while climbing).
double capacity_ceiling_per_s(const ConfigResult& c);

}  // namespace sim::sweep
