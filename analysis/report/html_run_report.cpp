#include "analysis/report/html_run_report.hpp"

#include "analysis/report/headline_figures.hpp"
#include "analysis/report/html_tables.hpp"
#include "analysis/report/html_timeline.hpp"

namespace analysis {

namespace {

using Json = nlohmann::ordered_json;

std::string title_of(const Json& report) {
  const Json* name = member_at(report, "/run/scenario");
  const Json* seed = member_at(report, "/run/seed");
  return "zksim run: " + (name ? figure_text(*name) : "?") + ", seed " + (seed ? figure_text(*seed) : "?");
}

void add_headline(HtmlPage& page, const Json& report) {
  page.section("Headline figures");
  HtmlTable table{{"figure", "value"}, {}};
  for (const HeadlineFigure& h : headline_figures())
    if (const Json* v = member_at(report, h.pointer)) table.rows.push_back({{h.name, ""}, {figure_text(*v), h.pointer}});
  page.table(table);
}

void add_object(HtmlPage& page, const Json& report, const std::string& pointer, const std::string& heading) {
  const Json* v = member_at(report, pointer);
  if (!v || !v->is_object()) return;
  page.subheading(heading);
  page.table(object_table(*v, pointer));
}

void add_array(HtmlPage& page, const Json& report, const std::string& pointer, const std::string& heading) {
  const Json* v = member_at(report, pointer);
  if (!v) return;
  page.subheading(heading);
  add_array_table(page, *v, pointer);
}

void add_availability(HtmlPage& page, const Json& report) {
  page.section("Availability and events");
  add_object(page, report, "/availability", "Availability");
  page.subheading("Timeline");
  const Timeline timeline = event_timeline(report);
  if (timeline.table.rows.empty()) page.paragraph("Nothing happened that the report lists.");
  else page.table(timeline.table);
  if (timeline.rows_left_out > 0)
    page.paragraph(std::to_string(timeline.rows_left_out) + " later moments are in the report.");
  add_array(page, report, "/availability/write_unavailability", "Windows without writes");
  add_array(page, report, "/faults/events", "Faults");
  add_object(page, report, "/faults/session_expiry", "Session expiry");
  add_array(page, report, "/elections", "Elections");
  add_array(page, report, "/leaderships", "Leaderships");
  add_array(page, report, "/storage/events", "Storage work");
}

void add_membership_and_servers(HtmlPage& page, const Json& report) {
  if (member_at(report, "/membership")) {
    page.section("Membership changes");
    add_array(page, report, "/membership/changes", "Changes");
  }
  page.section("Servers");
  add_object(page, report, "/summary", "Summary");
  add_array(page, report, "/servers", "Per server");
  add_object(page, report, "/strategies/clients", "Client strategy");
}

void add_utilization(HtmlPage& page, const Json& report) {
  page.section("Utilization and the bottleneck");
  add_object(page, report, "/resources/bottleneck", "Bottleneck (the busiest resource over the measured window)");
  add_array(page, report, "/resources/resources", "Every resource");
}

void add_checks(HtmlPage& page, const Json& report) {
  page.section("Checks and engine");
  add_object(page, report, "/safety", "Safety checker");
  if (const Json* v = member_at(report, "/safety/violation"); v && !v->is_null()) page.paragraph("Violation: " + figure_text(*v));
  add_object(page, report, "/cross_checks/read_latency_ms", "Cross-check: read latency");
  add_object(page, report, "/cross_checks/availability", "Cross-check: availability");
  add_object(page, report, "/service_discovery", "Service discovery");
  add_object(page, report, "/engine", "Engine counters");
}

}  // namespace

std::string run_report_html(const RunPage& run) {
  HtmlPage page(title_of(run.report));
  if (const Json* d = member_at(run.report, "/run/description")) page.paragraph(figure_text(*d));
  page.section("Run");
  page.table(object_table(run.report.value("run", Json::object()), "/run"));
  add_headline(page, run.report);
  page.section("Summary");
  page.preformatted(run.summary);
  add_plots_section(page, run.plots, "plots");
  add_availability(page, run.report);
  add_membership_and_servers(page, run.report);
  add_utilization(page, run.report);
  add_checks(page, run.report);
  add_inputs_section(page, run.inputs);
  return page.finish();
}

}  // namespace analysis
