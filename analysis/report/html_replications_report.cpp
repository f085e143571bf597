#include "analysis/report/html_replications_report.hpp"

#include <cstdint>

#include "analysis/report/html_tables.hpp"

namespace analysis {

namespace {

using Json = nlohmann::ordered_json;

// The seeds' folders, each with its run's page (a failed run's folder may hold none).
void add_seed_links(HtmlPage& page, const Json& replications) {
  page.section("Each seed's run");
  const Json& first = replications.value("first_seed", Json());
  const Json& count = replications.value("replications", Json());
  if (!first.is_number_unsigned() || !count.is_number_integer()) return;
  for (std::int64_t i = 0; i < count.get<std::int64_t>(); ++i) {
    const std::string dir = "seed-" + std::to_string(first.get<std::uint64_t>() + static_cast<std::uint64_t>(i));
    page.link(dir + "/report.html", "Seed " + dir.substr(5) + ": its report.html");
  }
}

}  // namespace

std::string replications_report_html(const ReplicationsPage& r) {
  const Json& doc = r.replications;
  HtmlPage page("zksim run: " + figure_text(doc.value("scenario", Json())) + ", " +
                figure_text(doc.value("replications", Json())) + " replications from seed " +
                figure_text(doc.value("first_seed", Json())));
  page.paragraph("Every figure is the mean over the seeds with its 95% confidence interval; " +
                 figure_text(doc.value("failed_runs", Json())) + " run(s) did not complete.");
  page.section("Headline figures");
  page.table(keyed_table(doc.value("metrics", Json::object()), "/metrics", "figure"));
  page.section("Every figure");
  page.preformatted(r.table);
  add_seed_links(page, doc);
  add_inputs_section(page, r.inputs);
  return page.finish();
}

}  // namespace analysis
