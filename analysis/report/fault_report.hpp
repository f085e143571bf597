#pragma once
// The faults of a run's report (report.json "faults", summary.txt's table): per fault event, in
// time order, what the clients saw (analysis/metrics/fault_metrics.hpp defines each figure).
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/metrics/fault_metrics.hpp"

namespace analysis {

// {"settle_ms": ...,
//  "session_expiry": {"sessions_expired", "worst_second_expired", "worst_second_start_s"},
//  "events": [{"kind", "node", "target", "at_s", "duration_ms",
//  "longest_write_gap_ms", "write_gap_start_s", "longest_read_gap_ms", "read_gap_start_s",
//  "clients_disconnected", "clients_not_reconnected", "reconnect_ms", "sessions_expired",
//  "ephemerals_deleted", "expiries_seen_by_clients", "watches_lost", "expiry_peak_per_s"}, ...]}
nlohmann::ordered_json faults_json(const FaultMetrics& metrics);
// The table summary.txt shows, from the JSON above.
std::string faults_summary(const nlohmann::ordered_json& faults);
// A time plot's mark of one fault, from one entry of "events": "crash server 3, writes stopped 1.85 s".
std::string fault_mark_label(const nlohmann::ordered_json& fault);

}  // namespace analysis
