#include "analysis/report/html_sweep_report.hpp"

#include "analysis/report/html_sections.hpp"
#include "analysis/report/html_tables.hpp"

namespace analysis {

namespace {

using Json = nlohmann::ordered_json;

void add_recommendations(HtmlPage& page, const Json& sweep) {
  page.section("Recommendations");
  const Json& lines = sweep.value("recommendations", Json::array());
  if (lines.empty()) page.paragraph("None: no configuration meets the SLO at the target rate.");
  for (const Json& line : lines) page.paragraph(figure_text(line));
}

void add_settings(HtmlPage& page, const Json& sweep) {
  page.section("SLO and search");
  for (const char* key : {"slo", "search", "confidence"}) {
    if (!sweep.contains(key) || !sweep[key].is_object()) continue;
    page.subheading(key);
    page.table(object_table(sweep[key], std::string("/") + key));
  }
  page.paragraph("Target rate: " + figure_text(sweep.value("target_rate_per_s", Json())) + " requests/s; replications " +
                 figure_text(sweep.value("replications", Json())) + "; seed " + figure_text(sweep.value("seed", Json())) + ".");
}

}  // namespace

std::string sweep_report_html(const SweepPage& s) {
  const Json& plan = s.sweep.value("plan", Json::object());
  HtmlPage page("zksim sweep: " + figure_text(plan.value("name", Json("sweep"))) + ", seed " +
                figure_text(s.sweep.value("seed", Json())));
  add_recommendations(page, s.sweep);
  page.section("Capacity per configuration");
  add_array_table(page, s.sweep.value("configurations", Json::array()), "/configurations");
  page.section("Summary");
  page.preformatted(s.summary);
  add_plots_section(page, s.plots, "plots");
  add_settings(page, s.sweep);
  add_inputs_section(page, {"the plan (as sweep.json records it)", plan.dump(2), {}});
  return page.finish();
}

}  // namespace analysis
