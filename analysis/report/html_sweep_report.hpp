#pragma once
// report.html of `zksim sweep` (and of `zksim merge`, which writes the same files): the
// recommendations, each configuration's capacity, the summary table, the capacity and knee plots,
// and the plan that produced them. Made from sweep.json, summary.txt and plots/*.svg only, so a
// merged sweep's page is the same bytes as the unsharded one's.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report/html_svg.hpp"

namespace analysis {

struct SweepPage {
  const nlohmann::ordered_json& sweep;  // sweep.json (its "plan" is the input shown)
  const std::string& summary;           // summary.txt
  const std::vector<SvgFile>& plots;    // plots/*.svg
};

std::string sweep_report_html(const SweepPage& sweep);

}  // namespace analysis
