#pragma once
// Whether one offered rate meets the SLO, judged on the 95% confidence intervals of its
// replications rather than on their means: a mean just under the objective says little when the
// runs scatter around it. A step meets the SLO when the worst end of every interval does (the
// upper end of p99 latency, the lower end of each availability), fails when an interval lies
// wholly on the wrong side of its objective, and is undecided otherwise.
#include <vector>

#include "analysis/stats/confidence.hpp"
#include "sim/sweep/child_run.hpp"
#include "sim/sweep/plan.hpp"

namespace sim::sweep {

enum class Verdict { meets, fails, undecided };

const char* verdict_name(Verdict verdict);

// The intervals the SLO is judged on, each kept within what its quantity can be.
struct SloIntervals {
  analysis::ConfidenceInterval p99_ms;
  analysis::ConfidenceInterval service_percent;
  analysis::ConfidenceInterval client_percent;
};

SloIntervals slo_intervals(const std::vector<RunResult>& runs);

Verdict verdict_of(const SloIntervals& intervals, const Slo& slo);

// Whether every interval is narrow enough to stand for the step: its half-width at most
// relative_half_width times the p99's mean, or times the mean unavailability (100 - availability)
// for the availabilities, whose objectives are about the missing nines. A zero half-width (every
// replication gave the same figure) is always narrow enough.
bool precise_enough(const SloIntervals& intervals, double relative_half_width);

// "p99 [18.200, 21.400] ms straddles 20.000": why a step was undecided (or "" when it was not).
std::string undecided_reason(const SloIntervals& intervals, const Slo& slo);

}  // namespace sim::sweep
