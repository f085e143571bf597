#pragma once
// `zksim compare --quorums`: one scenario run once per quorum layout (a majority, a group per
// datacenter, explicit groups), every other input equal, its write path side by side: what a
// layout costs writers (latency), and what it saves or loses under the scenario's faults
// (availability, the time writes could not commit). Rows come from each run's report.json.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace analysis {

struct LayoutRow {
  std::string layout;             // as given on the command line
  std::string quorums;            // as the run's report names it ("majority", "hierarchical: 3 groups ...")
  bool completed = true;          // false: the run stopped (violation) or died
  double throughput_per_s = 0;
  double write_p50_ms = 0, write_p99_ms = 0, write_p999_ms = 0;
  double read_p99_ms = 0;
  double service_percent = 0, client_percent = 0;
  double write_unavailable_s = 0;  // the windows without a leader able to commit, summed
  std::size_t write_outages = 0;   // how many such windows
};

struct LayoutComparison {
  std::string scenario;
  std::uint64_t seed = 0;
  std::vector<LayoutRow> rows;
};

// The row of one run from its report.json (a null report: a run that left none).
LayoutRow layout_row_from_report(const std::string& layout, const nlohmann::json& report);

std::string layout_comparison_table(const LayoutComparison& comparison);
std::string layout_comparison_csv(const LayoutComparison& comparison);
// Schema zksim.compare_quorums/1.
nlohmann::ordered_json layout_comparison_json(const LayoutComparison& comparison);

}  // namespace analysis
