#include "sim/replications.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/report/headline_figures.hpp"
#include "analysis/report/html_replications_report.hpp"
#include "sim/output_file.hpp"

namespace sim {

namespace {

// Wide enough for every headline name; the full table's labels set their own width.
constexpr std::size_t kHeadlineWidth = 30;

nlohmann::ordered_json read_report(const std::string& dir) {
  std::ifstream in(std::filesystem::path(dir) / "report.json");
  return nlohmann::ordered_json::parse(in);
}

const analysis::FigureInterval* find_figure(const analysis::FigureIntervals& all, const std::string& pointer) {
  const auto it = std::find_if(all.figures.begin(), all.figures.end(),
                               [&](const analysis::FigureInterval& f) { return f.pointer == pointer; });
  return it == all.figures.end() ? nullptr : &*it;
}

nlohmann::ordered_json summary_json(const Scenario& scenario, int count, const ReplicationResult& result) {
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object(), figures = nlohmann::ordered_json::object();
  for (const auto& [name, pointer] : analysis::headline_figures())
    if (const analysis::FigureInterval* f = find_figure(result.figures, pointer)) metrics[name] = analysis::interval_json(*f, false);
  for (const analysis::FigureInterval& f : result.figures.figures) figures[f.pointer] = analysis::interval_json(f, true);
  return {{"schema", kReplicationsSchema},
          {"scenario", scenario.name},
          {"first_seed", scenario.seed},
          {"replications", count},
          {"failed_runs", result.failed_runs},
          {"metrics", metrics},
          {"figures", figures},
          {"figures_in_some_runs", {{"count", result.figures.in_some_runs.size()}, {"pointers", result.figures.in_some_runs}}}};
}

}  // namespace

ReplicationResult run_replications(const Scenario& scenario, int count, const std::string& out_dir, bool quiet,
                                   const analysis::HtmlInputs& inputs) {
  ReplicationResult result;
  std::vector<std::vector<analysis::ReportFigure>> runs;
  for (int i = 0; i < count; ++i) {
    const std::uint64_t seed = scenario.seed + static_cast<std::uint64_t>(i);
    const std::string dir = (std::filesystem::path(out_dir) / ("seed-" + std::to_string(seed))).string();
    if (!quiet)
      std::fprintf(stderr, "zksim: replication %d/%d (seed %llu)\n", i + 1, count, static_cast<unsigned long long>(seed));
    analysis::HtmlInputs run_inputs = inputs;
    run_inputs.notes.push_back("seed " + std::to_string(seed) + " (replication " + std::to_string(i + 1) + " of " +
                               std::to_string(count) + ")");
    if (run_child(scenario, seed, dir, run_inputs) != ChildRun::completed) {
      ++result.failed_runs;
      continue;
    }
    runs.push_back(analysis::report_figures(read_report(dir)));
  }
  result.figures = analysis::figure_intervals(runs);
  result.summary = summary_json(scenario, count, result);
  const std::string table = replications_table(result, scenario, count, true);
  write_text_file(std::filesystem::path(out_dir) / "replications.json", result.summary.dump(2) + "\n");
  write_text_file(std::filesystem::path(out_dir) / "replications.txt", table);
  write_text_file(std::filesystem::path(out_dir) / "report.html",
                  analysis::replications_report_html({result.summary, table, inputs}));
  return result;
}

namespace {

// The figures that are not headline metrics, by report section, in document order.
std::vector<std::pair<std::string, std::vector<const analysis::FigureInterval*>>> by_section(
    const analysis::FigureIntervals& all) {
  std::vector<std::pair<std::string, std::vector<const analysis::FigureInterval*>>> sections;
  for (const analysis::FigureInterval& f : all.figures) {
    if (analysis::is_headline(f.pointer)) continue;
    const std::string section = analysis::figure_section(f.pointer);
    auto it = std::find_if(sections.begin(), sections.end(), [&](const auto& s) { return s.first == section; });
    if (it == sections.end()) it = sections.insert(sections.end(), {section, {}});
    it->second.push_back(&f);
  }
  return sections;
}

// A figure's label under its section's heading: "latency/read/p99_ms" -> "read/p99_ms" (a list
// entry such as "servers[id 2]/requests" keeps its whole label).
std::string within_section(const std::string& label, const std::string& section) {
  return label.rfind(section + "/", 0) == 0 ? label.substr(section.size() + 1) : label;
}

// Every further figure, under its section's name, indented below it.
void write_sections(std::ostringstream& out, const analysis::FigureIntervals& all) {
  for (const auto& [section, figures] : by_section(all)) {
    std::size_t width = kHeadlineWidth;
    for (const analysis::FigureInterval* f : figures) width = std::max(width, 2 + within_section(f->label, section).size());
    out << "\n  " << section << "\n";
    for (const analysis::FigureInterval* f : figures)
      out << analysis::interval_line("  " + within_section(f->label, section), f->ci, width);
  }
}

// One line per section: how many more figures replications.txt holds.
void write_section_counts(std::ostringstream& out, const analysis::FigureIntervals& all) {
  std::string counts;
  std::size_t total = 0;
  for (const auto& [section, figures] : by_section(all)) {
    counts += (counts.empty() ? "" : ", ") + section + " " + std::to_string(figures.size());
    total += figures.size();
  }
  if (total > 0) out << "\n  " << total << " more figures in replications.txt and .json (" << counts << ")\n";
}

}  // namespace

std::string replications_table(const ReplicationResult& result, const Scenario& scenario, int count, bool full) {
  std::ostringstream out;
  out << "zksim  scenario " << scenario.name << "  " << count << " replications, seeds " << scenario.seed << ".."
      << scenario.seed + static_cast<std::uint64_t>(count) - 1 << "  (mean +- 95% confidence half-width)\n\n";
  for (const auto& [name, pointer] : analysis::headline_figures())
    if (const analysis::FigureInterval* f = find_figure(result.figures, pointer))
      out << analysis::interval_line(name, f->ci, kHeadlineWidth);
  if (full) write_sections(out, result.figures);
  else write_section_counts(out, result.figures);
  if (!result.figures.in_some_runs.empty())
    out << "\n  " << result.figures.in_some_runs.size()
        << " figures present in only some runs, without an interval (listed in replications.json)\n";
  if (result.failed_runs) out << "\n  " << result.failed_runs << " replication(s) did not complete: see their folders\n";
  return out.str();
}

}  // namespace sim
