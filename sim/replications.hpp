#pragma once
// Replications: the same scenario run with K consecutive seeds, each in a child process (SimGrid
// runs one engine per process), and every figure of the runs' reports (report.json's numeric
// leaves: analysis/report/report_figures.hpp) given as a mean with its 95% confidence interval
// over the K runs.
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/report/figure_intervals.hpp"
#include "sim/child_runs.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

constexpr const char* kReplicationsSchema = "zksim.replications/2";

struct ReplicationResult {
  nlohmann::ordered_json summary;   // replications.json: headline metrics, every figure, what was left out
  analysis::FigureIntervals figures;  // every figure of the completed runs
  int failed_runs = 0;              // replications that did not complete (violation or crash)
};

// Runs seeds first_seed .. first_seed + count - 1, writing each run's report to
// out_dir/seed-<S>/ and the aggregate to out_dir/replications.json and replications.txt (out_dir
// is the caller's staging folder: sim/output_file.hpp); each run's report.html shows inputs with
// its seed noted. Throws WriteError, or Interrupted.
ReplicationResult run_replications(const Scenario& scenario, int count, const std::string& out_dir, bool quiet,
                                   const analysis::HtmlInputs& inputs);

// The terminal's table: the headline metrics, then how many more figures each report section has
// (all of them are in replications.txt, which full = true gives: every figure, by section).
std::string replications_table(const ReplicationResult& result, const Scenario& scenario, int count, bool full = false);

}  // namespace sim
