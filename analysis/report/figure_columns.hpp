#pragma once
// Every figure of a few runs side by side, one column per run: what `zksim compare` keeps of its
// runs (one per strategy, all with the same seed, so a figure has one value per strategy and no
// interval). A figure is a report.json numeric leaf (report_figures.hpp).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report/report_figures.hpp"

namespace analysis {

// {pointer: {"label": ..., "values": {name: value, or null where that run lacks it}}}, the
// pointers in the order first seen (runs[0]'s document order, then what later runs add).
// names[i] names runs[i]; a run that wrote no report has no figures.
nlohmann::ordered_json figures_side_by_side(const std::vector<std::string>& names,
                                            const std::vector<std::vector<ReportFigure>>& runs);

}  // namespace analysis
