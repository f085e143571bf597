#pragma once
// The membership timeline of a run's report (report.json "membership", summary.txt's table):
// each change with its reconfig phases, refusals, growth N = n x m, write stall, sessions moved,
// and per-server sessions and request rates before and after with max/mean and Jain's index.
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/metrics/membership_metrics.hpp"

namespace analysis {

// Writes stalled for the longest gap between successful writes that overlaps
// [requested, committed + kStallSettleNs] (or the abandonment): the time the change cost writers.
constexpr models::Time kStallSettleNs = models::kSecond;

nlohmann::ordered_json membership_json(const MembershipMetrics& metrics);
// The table summary.txt shows, from the JSON above.
std::string membership_summary(const nlohmann::ordered_json& membership);

}  // namespace analysis
