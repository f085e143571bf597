#include "sim/compare/compare_quorums.hpp"

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "analysis/report/figure_columns.hpp"
#include "sim/child_runs.hpp"
#include "sim/compare/compare_plot.hpp"
#include "sim/output_file.hpp"

namespace sim {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  return parts;
}

// "1:2:3/4:5:6" -> [[1, 2, 3], [4, 5, 6]]; null when it is not that shape (the ids themselves are
// checked by the scenario's loader).
nlohmann::json groups_of(const std::string& layout) {
  nlohmann::json groups = nlohmann::json::array();
  for (const std::string& group : split(layout, '/')) {
    nlohmann::json ids = nlohmann::json::array();
    for (const std::string& id : split(group, ':')) {
      if (id.empty() || id.size() > 4 || id.find_first_not_of("0123456789") != std::string::npos) return nullptr;
      ids.push_back(std::stoi(id));
    }
    if (ids.empty()) return nullptr;
    groups.push_back(ids);
  }
  return groups.empty() ? nullptr : groups;
}

nlohmann::json layout_value(const std::string& layout) {
  if (layout == "majority" || layout == "per_datacenter") return layout;
  return groups_of(layout);
}

}  // namespace

std::string layout_folder(const std::string& layout) {
  std::string folder = layout;
  for (char& ch : folder) {
    if (ch == '/') ch = '_';
    if (ch == ':') ch = '-';
  }
  return folder;
}

std::optional<std::vector<Scenario>> scenarios_per_layout(const LoadResult& loaded, const std::vector<std::string>& layouts,
                                                          std::string& problems) {
  std::vector<Scenario> scenarios;
  const std::string base_dir = std::filesystem::path(loaded.source).parent_path().string();
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    const std::string where = "--quorums[" + std::to_string(i) + "] " + layouts[i];
    const nlohmann::json value = layout_value(layouts[i]);
    if (value.is_null()) {
      problems += "zksim: " + where + ": not a layout (majority, per_datacenter, or groups such as 1:2:3/4:5:6/7:8:9)\n";
      continue;
    }
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(loaded.text);
    doc["ensemble"]["groups"] = value;
    if (layouts[i] == "majority") doc["ensemble"].erase("weights");  // weights belong to groups
    const LoadResult with_layout = parse_scenario(doc.dump(), loaded.source + " with " + where, base_dir);
    if (!with_layout.scenario) {
      problems += format_errors(with_layout);
      continue;
    }
    scenarios.push_back(*with_layout.scenario);
  }
  if (!problems.empty()) return std::nullopt;
  return scenarios;
}

LayoutCompareResult run_compare_quorums(const std::vector<std::string>& layouts, const std::vector<Scenario>& scenarios,
                                        const std::string& out_dir, const CompareOptions& options) {
  std::vector<ChildJob> jobs;
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    analysis::HtmlInputs inputs = options.inputs;
    inputs.notes.push_back("quorum layout " + layouts[i] + " (compare --quorums)");
    jobs.push_back({scenarios[i], (std::filesystem::path(out_dir) / layout_folder(layouts[i])).string(), inputs});
  }
  if (!options.quiet)
    std::fprintf(stderr, "zksim: compare: %zu quorum layouts, %d at a time\n", layouts.size(),
                 std::min(options.jobs, static_cast<int>(layouts.size())));
  const std::vector<ChildRun> runs = run_children(jobs, options.jobs);
  LayoutCompareResult result;
  result.comparison.scenario = scenarios.front().name;
  result.comparison.seed = scenarios.front().seed;
  std::vector<std::vector<analysis::ReportFigure>> figures;
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    const nlohmann::ordered_json report = read_run_report(jobs[i].dir);
    result.comparison.rows.push_back(analysis::layout_row_from_report(layouts[i], nlohmann::json(report)));
    if (runs[i] != ChildRun::completed) ++result.failed_runs;
    const bool whole = runs[i] == ChildRun::completed && !report.is_null();  // a run stopped at a violation: part of a run
    figures.push_back(whole ? analysis::report_figures(report) : std::vector<analysis::ReportFigure>{});
  }
  nlohmann::ordered_json json = analysis::layout_comparison_json(result.comparison);
  json["figures"] = analysis::figures_side_by_side(layouts, figures);
  const std::filesystem::path dir(out_dir);
  write_text_file(dir / "compare.txt", analysis::layout_comparison_table(result.comparison));
  write_text_file(dir / "compare.csv", analysis::layout_comparison_csv(result.comparison));
  write_text_file(dir / "compare.json", json.dump(2) + "\n");
  result.plot_warning = write_layout_compare_plot(result.comparison, out_dir);
  return result;
}

}  // namespace sim
