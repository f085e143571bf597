#include "sim/compare/compare.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "analysis/report/figure_columns.hpp"
#include "analysis/report/html_compare_report.hpp"
#include "analysis/stats/key_moves.hpp"
#include "models/client/app_ids.hpp"
#include "sim/output_file.hpp"
#include "sim/child_runs.hpp"
#include "sim/compare/compare_plot.hpp"
#include "sim/scenario/failure_process.hpp"
#include "sim/scenario/node_ids.hpp"

namespace sim {

namespace {

// Keys sampled for the remap fraction: enough for a fraction within about 1% (binomial error).
constexpr std::uint64_t kMoveSampleKeys = 10000;

std::string level_of(const Scenario& s) { return s.services.enabled ? "app_clients" : "clients"; }

const StrategySpec& compared_strategy(const Scenario& s) {
  return s.services.enabled ? s.services.clients.strategy : s.clients.strategy;
}

std::string seconds_label(double at_s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g s", at_s);
  return buffer;
}

// Sessions level: the fraction of clients each ensemble membership change moved, as the run
// measured it (the report's membership section: SessionMoved from the commit to the next change).
analysis::StrategyRow with_sessions_moved(analysis::StrategyRow row, const nlohmann::json& report, int clients) {
  if (!report.contains("membership")) return row;
  for (const auto& change : report["membership"].at("changes"))
    row.moved_fraction.push_back(change.at("sessions_moved").get<double>() / std::max(1, clients));
  return row;
}

// The labels of the ensemble's membership changes, from a run's report (sessions level).
std::vector<std::string> session_change_labels(const nlohmann::json& report) {
  std::vector<std::string> labels;
  if (report.is_null() || !report.contains("membership")) return labels;
  for (const auto& change : report["membership"].at("changes")) labels.push_back(change.at("label").get<std::string>());
  return labels;
}

analysis::StrategyRow row_of(const Scenario& s, const std::string& strategy, const nlohmann::json& report,
                             const std::vector<MemberListChange>& changes) {
  analysis::StrategyRow row;
  row.strategy = strategy;
  if (report.is_null()) {
    row.completed = false;
    return row;
  }
  row = analysis::row_from_report(strategy, report, level_of(s));
  if (!s.services.enabled) return with_sessions_moved(row, report, s.clients.count);
  for (const MemberListChange& c : changes)
    row.moved_fraction.push_back(analysis::moved_fraction(strategy, compared_strategy(s).options, c.before, c.after,
                                                          kMoveSampleKeys, s.seed));
  return row;
}

}  // namespace

nlohmann::ordered_json read_run_report(const std::filesystem::path& dir) {
  std::ifstream in(dir / "report.json");
  if (!in) return nullptr;
  try {
    return nlohmann::ordered_json::parse(in);
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

Scenario with_strategy(const Scenario& scenario, const std::string& name) {
  Scenario copy = scenario;
  (copy.services.enabled ? copy.services.clients.strategy : copy.clients.strategy).name = name;
  return copy;
}

std::vector<MemberListChange> membership_changes(const Scenario& s) {
  std::vector<MemberListChange> changes;
  if (!s.services.enabled) return changes;
  std::vector<models::NodeId> alive = app_server_ids(s);
  for (const Event& e : all_events(s)) {
    if (!models::is_app_server(e.server)) continue;
    const bool stops = e.kind == EventKind::crash || e.kind == EventKind::power_off;
    const bool listed = std::find(alive.begin(), alive.end(), e.server) != alive.end();
    if (!(stops && listed) && !(e.kind == EventKind::restart && !listed)) continue;
    MemberListChange change;
    change.before = alive;
    if (stops) alive.erase(std::find(alive.begin(), alive.end(), e.server));
    else alive.insert(std::upper_bound(alive.begin(), alive.end(), e.server), e.server);
    change.after = alive;
    change.label = "app " + std::to_string(models::app_server_number(e.server)) +
                   (stops ? " leaves (" : " returns (") + event_kind_name(e.kind) + " at " + seconds_label(e.at_s) + ")";
    changes.push_back(std::move(change));
  }
  return changes;
}

namespace {

// How each strategy's run went, and its report (null: none, the run died).
struct StrategyRuns {
  std::vector<ChildRun> runs;
  std::vector<nlohmann::ordered_json> reports;
};

StrategyRuns run_strategies(const Scenario& scenario, const std::vector<std::string>& strategies,
                            const std::string& out_dir, const CompareOptions& options) {
  std::vector<ChildJob> jobs;
  for (const std::string& strategy : strategies) {
    analysis::HtmlInputs inputs = options.inputs;
    inputs.notes.push_back("strategy " + strategy + " (compare --strategies)");
    jobs.push_back({with_strategy(scenario, strategy), (std::filesystem::path(out_dir) / strategy).string(), inputs});
  }
  if (!options.quiet)
    std::fprintf(stderr, "zksim: compare: %zu strategies, %d at a time\n", strategies.size(),
                 std::min(options.jobs, static_cast<int>(strategies.size())));
  StrategyRuns out{run_children(jobs, options.jobs), {}};
  for (const ChildJob& job : jobs) out.reports.push_back(read_run_report(job.dir));
  return out;
}

// compare.txt, .csv and .json: what the page shows too.
struct CompareFiles {
  nlohmann::ordered_json json;
  std::string table;
};

CompareFiles write_outputs(const analysis::Comparison& c, const nlohmann::ordered_json& figures,
                           const std::string& out_dir) {
  const std::filesystem::path dir(out_dir);
  CompareFiles files{analysis::comparison_json(c), analysis::comparison_table(c)};
  files.json["figures"] = figures;
  write_text_file(dir / "compare.txt", files.table);
  write_text_file(dir / "compare.csv", analysis::comparison_csv(c));
  write_text_file(dir / "compare.json", files.json.dump(2) + "\n");
  return files;
}

// report.html, last: it inlines the plot just drawn (none when gnuplot did not draw it).
void write_html(const CompareFiles& files, const std::string& out_dir, const analysis::HtmlInputs& inputs) {
  std::vector<analysis::SvgFile> plots;
  for (analysis::SvgFile& svg : read_written_plots(out_dir))
    if (svg.name == "compare") plots.push_back(std::move(svg));
  write_text_file(std::filesystem::path(out_dir) / "report.html",
                  analysis::compare_report_html({files.json, files.table, plots, inputs}));
}

}  // namespace

CompareResult run_compare(const Scenario& scenario, const std::vector<std::string>& strategies,
                          const std::string& out_dir, const CompareOptions& options) {
  CompareResult result;
  analysis::Comparison& c = result.comparison;
  c.scenario = scenario.name;
  c.seed = scenario.seed;
  c.level = level_of(scenario);
  const std::vector<MemberListChange> changes = membership_changes(scenario);
  for (const MemberListChange& change : changes) c.change_labels.push_back(change.label);
  const StrategyRuns done = run_strategies(scenario, strategies, out_dir, options);
  const std::vector<nlohmann::ordered_json>& reports = done.reports;
  std::vector<std::vector<analysis::ReportFigure>> figures;
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    const nlohmann::json report = reports[i];  // the rows read reports as nlohmann::json
    if (c.load_labels.empty() && !report.is_null()) c.load_labels = analysis::load_labels_from_report(report, c.level);
    if (!scenario.services.enabled && c.change_labels.empty()) c.change_labels = session_change_labels(report);
    c.rows.push_back(row_of(scenario, strategies[i], report, changes));
    if (done.runs[i] != ChildRun::completed) ++result.failed_runs;
    // A run stopped at a violation has a report of part of the run: its figures are left out.
    const bool whole = done.runs[i] == ChildRun::completed && !reports[i].is_null();
    figures.push_back(whole ? analysis::report_figures(reports[i]) : std::vector<analysis::ReportFigure>{});
  }
  const CompareFiles files = write_outputs(c, analysis::figures_side_by_side(strategies, figures), out_dir);
  result.plot_warning = write_compare_plot(c, out_dir);
  write_html(files, out_dir, options.inputs);
  return result;
}

}  // namespace sim
