#include "analysis/report/html_compare_report.hpp"

#include "analysis/report/headline_figures.hpp"
#include "analysis/report/html_tables.hpp"
#include "analysis/report/report_figures.hpp"

namespace analysis {

namespace {

using Json = nlohmann::ordered_json;

// The strategies in the comparison's order.
std::vector<std::string> strategy_names(const Json& compare) {
  std::vector<std::string> names;
  for (const Json& s : compare.value("strategies", Json::array()))
    if (s.is_object() && s.contains("strategy") && s["strategy"].is_string()) names.push_back(s["strategy"].get<std::string>());
  return names;
}

void add_headline(HtmlPage& page, const Json& compare, const std::vector<std::string>& names) {
  page.section("Headline figures");
  HtmlTable table{{"figure"}, {}};
  for (const std::string& n : names) table.header.push_back(n);
  const Json& figures = compare.value("figures", Json::object());
  for (const HeadlineFigure& h : headline_figures()) {
    if (!figures.contains(h.pointer) || !figures[h.pointer].contains("values")) continue;
    const Json& values = figures[h.pointer]["values"];
    std::vector<HtmlCell> row{{h.name, ""}};
    for (const std::string& n : names)
      row.push_back(values.contains(n) ? HtmlCell{figure_text(values[n]), "/figures/" + pointer_token(h.pointer) + "/values/" + pointer_token(n)}
                                       : HtmlCell{"-", ""});
    table.rows.push_back(std::move(row));
  }
  page.table(table);
}

}  // namespace

std::string compare_report_html(const ComparePage& c) {
  HtmlPage page("zksim compare: " + figure_text(c.compare.value("scenario", Json())) + ", seed " +
                figure_text(c.compare.value("seed", Json())));
  page.paragraph("The same scenario, seed, faults and load, once per balancing strategy (level: " +
                 figure_text(c.compare.value("level", Json())) + "); every figure of the runs is in compare.json.");
  const std::vector<std::string> names = strategy_names(c.compare);
  add_headline(page, c.compare, names);
  page.section("Comparison");
  page.preformatted(c.table);
  page.section("Per strategy");
  add_array_table(page, c.compare.value("strategies", Json::array()), "/strategies");
  for (const std::string& n : names) page.link(n + "/report.html", "The run of " + n + ": its report.html");
  add_plots_section(page, c.plots, ".");
  add_inputs_section(page, c.inputs);
  return page.finish();
}

}  // namespace analysis
