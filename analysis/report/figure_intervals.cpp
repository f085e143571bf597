#include "analysis/report/figure_intervals.hpp"

#include <cstdio>
#include <limits>
#include <map>

namespace analysis {

namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

bool has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// Every run's value of each figure, keyed by pointer; `order` keeps the pointers as first seen.
struct Collected {
  std::map<std::string, FigureInterval> by_pointer;
  std::vector<std::string> order;
};

Collected collect(const std::vector<std::vector<ReportFigure>>& runs) {
  Collected c;
  for (const std::vector<ReportFigure>& run : runs)
    for (const ReportFigure& f : run) {
      auto [it, added] = c.by_pointer.try_emplace(f.pointer);
      if (added) {
        it->second.pointer = f.pointer;
        it->second.label = f.label;
        c.order.push_back(f.pointer);
      }
      it->second.samples.push_back(f.value);
    }
  return c;
}

}  // namespace

FigureBounds figure_bounds(const std::string& pointer) {
  const std::string leaf = pointer.substr(pointer.rfind('/') + 1);
  if (has(leaf, "percent")) return {0, 100};
  if (has(leaf, "difference")) return {-kUnbounded, kUnbounded};
  return {0, kUnbounded};
}

FigureIntervals figure_intervals(const std::vector<std::vector<ReportFigure>>& runs) {
  Collected c = collect(runs);
  FigureIntervals out;
  for (const std::string& pointer : c.order) {
    FigureInterval& f = c.by_pointer.at(pointer);
    if (f.samples.size() != runs.size()) {  // a report has each pointer at most once
      out.in_some_runs.push_back(pointer);
      continue;
    }
    const FigureBounds bounds = figure_bounds(pointer);
    f.ci = confidence_interval_95(f.samples, bounds.floor, bounds.ceiling);
    out.figures.push_back(std::move(f));
  }
  return out;
}

nlohmann::ordered_json interval_json(const FigureInterval& f, bool with_label) {
  nlohmann::ordered_json out;
  if (with_label) out["label"] = f.label;
  out["mean"] = f.ci.mean;
  out["half_width_95"] = f.ci.half_width;
  out["low"] = f.ci.low();
  out["high"] = f.ci.high();
  out["samples"] = f.samples;
  return out;
}

std::string interval_line(const std::string& name, const ConfidenceInterval& ci, std::size_t name_width) {
  char numbers[160];
  std::snprintf(numbers, sizeof numbers, " %12.4f +- %-10.4f  [%.4f, %.4f]\n", ci.mean, ci.half_width, ci.low(), ci.high());
  return "  " + name + std::string(name.size() < name_width ? name_width - name.size() : 0, ' ') + numbers;
}

}  // namespace analysis
