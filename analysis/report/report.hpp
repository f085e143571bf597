#pragma once
// The outputs of one run: the complete JSON report (versioned schema), the terminal summary table
// and the CSV time series. Everything here is a function of simulated results only, so that the
// same scenario and seed give byte-identical files.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/metrics/run_metrics.hpp"

namespace analysis {

constexpr const char* kReportSchema = "zksim.report/1";

// What the report says about the run itself (the simulator fills it in).
struct RunInfo {
  std::string scenario;
  std::string description;
  std::uint64_t seed = 0;
  std::string network_model;
  std::string protocol;
  std::string profile;
  int servers = 0;
  std::string quorums;  // a hierarchical layout (models::describe_layout); empty for a majority, not written
  int clients = 0;
  double duration_s = 0;
  double warmup_s = 0;
  nlohmann::ordered_json engine;  // simulator counters (activities, inputs)
  nlohmann::ordered_json safety;  // what the safety checkers saw
  nlohmann::ordered_json cross_checks;  // analytic models beside the simulated values
  nlohmann::ordered_json service_discovery;  // app requests, per-backend load, dead backends (null: none)
  nlohmann::ordered_json membership;    // the membership timeline (null: the run changed no membership)
  nlohmann::ordered_json faults;        // what the clients saw of each fault (null: the run had none)
  nlohmann::ordered_json storage;       // snapshots, recoveries, syncs (null: no data work)
  nlohmann::ordered_json resources;     // utilization per resource and the bottleneck (analysis/metrics/resource_usage.hpp)
  std::string status = "completed";
};

nlohmann::ordered_json report_json(const RunInfo& info, const RunMetrics& metrics,
                                   const std::vector<models::NodeId>& servers);
std::string summary_table(const RunInfo& info, const RunMetrics& metrics,
                          const std::vector<models::NodeId>& servers);
std::string timeseries_csv(const RunMetrics& metrics);

}  // namespace analysis
