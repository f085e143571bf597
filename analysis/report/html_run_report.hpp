#pragma once
// report.html of one run (`zksim run`, and each run of compare and replications): the run's
// report.json shown for a reader, with its plots inlined, in one self-contained page. Made from
// the files the run wrote (report.json, summary.txt, plots/*.svg), so it shows nothing they do
// not hold, and is the same bytes whenever they are.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report/html_sections.hpp"

namespace analysis {

struct RunPage {
  const nlohmann::ordered_json& report;  // report.json
  const std::string& summary;            // summary.txt
  const std::vector<SvgFile>& plots;     // plots/*.svg
  const HtmlInputs& inputs;
};

std::string run_report_html(const RunPage& run);

}  // namespace analysis
