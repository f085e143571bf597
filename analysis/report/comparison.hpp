#pragma once
// `zksim compare`: one scenario run once per balancing strategy (same seed, faults and load), its
// metrics side by side as a terminal table (a column per strategy), CSV (a row per strategy) and
// JSON (schema zksim.compare/1). Rows are built from each run's report.json, so that a comparison
// says exactly what the single runs' reports say.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/stats/fairness.hpp"

namespace analysis {

struct StrategyRow {
  std::string strategy;
  bool completed = true;                      // false: the run stopped (violation) or died
  std::vector<double> loads;                  // R_i per server (or backend), in id order
  LoadSpread spread;                          // L = R / S, peak-to-average, CV, Jain
  std::vector<double> moved_fraction;         // per membership change (empty: none)
  double p50_ms = 0, p99_ms = 0, p999_ms = 0;
  double availability_percent = 0;
  std::optional<std::uint64_t> dead_requests;  // service discovery only
  std::optional<double> dead_continued_s;      // the longest time requests still reached a dead backend
};

struct Comparison {
  std::string scenario;
  std::uint64_t seed = 0;
  // What the strategies balance: "app_clients" (requests over backends, with services) or
  // "clients" (ZooKeeper sessions over ensemble servers).
  std::string level;
  std::vector<std::string> load_labels;    // one per R_i
  std::vector<std::string> change_labels;  // one per membership change
  std::vector<StrategyRow> rows;
};

// The row of one run from its report.json (level as in Comparison).
StrategyRow row_from_report(const std::string& strategy, const nlohmann::json& report, const std::string& level);
std::vector<std::string> load_labels_from_report(const nlohmann::json& report, const std::string& level);

std::string comparison_table(const Comparison& comparison);
std::string comparison_csv(const Comparison& comparison);
nlohmann::ordered_json comparison_json(const Comparison& comparison);

}  // namespace analysis
