#pragma once
// One simulated run of a scenario through SimGrid, from a validated Scenario to its report.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/checkers/safety_checker.hpp"
#include "analysis/metrics/discovery_metrics.hpp"
#include "analysis/metrics/resource_usage.hpp"
#include "analysis/metrics/run_metrics.hpp"
#include "analysis/plot/timeline_mark.hpp"
#include "analysis/recorder.hpp"
#include "analysis/report/html_sections.hpp"
#include "analysis/report/report.hpp"
#include "sim/runtime/world.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/trace/node_builder.hpp"
#include "sim/trace/trace_writer.hpp"

namespace sim {

struct RunOptions {
  bool progress = false;                         // live progress on stderr
  std::vector<analysis::Recorder*> recorders;    // extra consumers of every observation
  trace::TraceWriter* trace = nullptr;           // records every input and effect (--trace)
  models::ProtocolBugs bugs;                     // broken server variants (zksim check --break)
  // Called once the platform is built, before the first step: the run's input is then known to be
  // good (SimGrid has parsed a platform file), so a command removes its earlier outputs here.
  std::function<void()> on_start;
};

struct RunOutput {
  analysis::RunInfo info;
  std::unique_ptr<analysis::RunMetrics> metrics;
  std::unique_ptr<analysis::DiscoveryMetrics> discovery;  // with a services section only
  std::unique_ptr<analysis::ResourceUsage> resources;     // how busy each host, disk and link was
  std::vector<models::NodeId> servers;
  nlohmann::ordered_json strategies;             // the report's strategies section (sim/strategies_report.hpp)
  RunCounters counters;
  std::vector<analysis::TimelineMark> marks;     // the scenario's events, for the plots
  std::optional<analysis::Violation> violation;  // the run stopped at a broken guarantee
  std::uint64_t observations_checked = 0;
  double wall_seconds = 0;                       // for stderr only: never written to a report
  bool interrupted = false;                      // SIGINT or SIGTERM stopped it: it is not a whole run
};

// Runs the scenario (SimGrid allows one engine per process: call this once per process).
RunOutput run_scenario(const Scenario& scenario, const RunOptions& options);

// The report files of a run, written into out_dir (created if need be; the caller stages it, see
// sim/output_file.hpp): report.json, summary.txt, timeseries.csv, resources.csv, and plots/ (the plots' data and
// gnuplot scripts always; PNG and SVG when gnuplot is installed), and report.html, all of it in one
// page with the inputs that produced it (analysis/report/html_run_report.hpp). Returns a warning
// for stderr when the plots could not be rendered, or an empty string; throws WriteError when a
// file cannot be written.
std::string write_report(const RunOutput& output, const std::string& out_dir, const analysis::HtmlInputs& inputs);
std::string summary_of(const RunOutput& output);

}  // namespace sim
