#pragma once
// The figures of several runs of one scenario (replications: one seed each), each with the mean
// and 95% confidence interval of its values over the runs (analysis/stats/confidence.hpp). A figure
// is a report.json numeric leaf (report_figures.hpp); one missing from some runs (a fault that
// found no client to disconnect, a latency with no request) has no interval and is only counted.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report/report_figures.hpp"
#include "analysis/stats/confidence.hpp"

namespace analysis {

struct FigureInterval {
  std::string pointer;
  std::string label;
  std::vector<double> samples;  // one per run, in the runs' order
  ConfidenceInterval ci;
};

struct FigureIntervals {
  std::vector<FigureInterval> figures;     // present in every run, in the first run's document order
  std::vector<std::string> in_some_runs;   // pointers of the figures missing from some runs
};

// What a figure can be, for the interval's ends: a percentage lies within [0, 100], a relative
// difference may be negative, every other figure (a count, a time, a rate, a utilization) is >= 0.
struct FigureBounds {
  double floor = 0;
  double ceiling = 0;
};
FigureBounds figure_bounds(const std::string& pointer);

// runs: each run's figures (report_figures()), in the runs' order.
FigureIntervals figure_intervals(const std::vector<std::vector<ReportFigure>>& runs);

// {label, mean, half_width_95, low, high, samples}
nlohmann::ordered_json interval_json(const FigureInterval& figure, bool with_label);

// "  NAME    mean +- half-width  [low, high]": one line of a table, NAME padded to name_width.
std::string interval_line(const std::string& name, const ConfidenceInterval& ci, std::size_t name_width);

}  // namespace analysis
