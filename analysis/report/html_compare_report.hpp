#pragma once
// report.html of `zksim compare`: the strategies' headline figures side by side, the comparison
// table, the plot, a link to each strategy's own report.html, and the inputs. Made from the files
// compare wrote (compare.json, compare.txt, compare.svg), so it shows nothing they do not hold.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report/html_sections.hpp"

namespace analysis {

struct ComparePage {
  const nlohmann::ordered_json& compare;  // compare.json
  const std::string& table;               // compare.txt
  const std::vector<SvgFile>& plots;      // compare.svg
  const HtmlInputs& inputs;
};

std::string compare_report_html(const ComparePage& compare);

}  // namespace analysis
