#pragma once
// report.html of `zksim run --replications K`: the headline figures' means and 95% confidence
// intervals over the seeds, every figure's table, a link to each seed's own report.html, and the
// inputs. Made from replications.json and replications.txt only.
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/report/html_sections.hpp"

namespace analysis {

struct ReplicationsPage {
  const nlohmann::ordered_json& replications;  // replications.json
  const std::string& table;                    // replications.txt
  const HtmlInputs& inputs;
};

std::string replications_report_html(const ReplicationsPage& replications);

}  // namespace analysis
