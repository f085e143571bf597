#include "analysis/report/figure_columns.hpp"

#include <cassert>

namespace analysis {

namespace {

// An entry with every run's value null: filled in by the runs that have the figure.
nlohmann::ordered_json empty_entry(const ReportFigure& f, const std::vector<std::string>& names) {
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (const std::string& name : names) values[name] = nullptr;
  return {{"label", f.label}, {"values", values}};
}

}  // namespace

nlohmann::ordered_json figures_side_by_side(const std::vector<std::string>& names,
                                            const std::vector<std::vector<ReportFigure>>& runs) {
  assert(names.size() == runs.size());
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < runs.size(); ++i)
    for (const ReportFigure& f : runs[i]) {
      if (!out.contains(f.pointer)) out[f.pointer] = empty_entry(f, names);
      out[f.pointer]["values"][names[i]] = f.value;
    }
  return out;
}

}  // namespace analysis
