#pragma once
// `zksim compare --quorums`: the same scenario (seed, faults, load) run once per quorum layout,
// each in a child process of its own, then its write path set side by side
// (analysis/report/layout_comparison.hpp). A layout is "majority", "per_datacenter" (a group per
// datacenter holding voters) or explicit groups in ZooKeeper's group.N notation, servers joined by
// ':' and groups by '/' ("1:2:3/4:5:6/7:8:9"); it replaces the scenario's ensemble.groups and the
// scenario is validated again with it, so a layout that does not fit is refused as the file's
// would be.
#include <optional>
#include <string>
#include <vector>

#include "analysis/report/layout_comparison.hpp"
#include "sim/compare/compare.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace sim {

// The scenario under each layout; nullopt with the problems (one per line, each naming its
// --quorums entry and the JSON path) when a layout is malformed or does not fit the scenario.
std::optional<std::vector<Scenario>> scenarios_per_layout(const LoadResult& loaded, const std::vector<std::string>& layouts,
                                                          std::string& problems);

struct LayoutCompareResult {
  analysis::LayoutComparison comparison;
  int failed_runs = 0;
  std::string plot_warning;  // gnuplot missing or failing (compare_plot.hpp), or ""
};

// Runs every layout's scenario (reports in out_dir/<layout folder>/, up to options.jobs at once)
// and writes out_dir/compare.txt, .csv and .json (with every figure of the reports side by side)
// and the plot (compare.dat, .gp, .png, .svg).
// The outputs are the same bytes whatever options.jobs. Throws WriteError, or Interrupted.
LayoutCompareResult run_compare_quorums(const std::vector<std::string>& layouts, const std::vector<Scenario>& scenarios,
                                        const std::string& out_dir, const CompareOptions& options);

// The folder of a layout's run: its name with '/' and ':' made safe ("1:2:3/4:5:6" -> "1-2-3_4-5-6").
std::string layout_folder(const std::string& layout);

}  // namespace sim
