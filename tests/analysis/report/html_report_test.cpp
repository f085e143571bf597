// The report.html writer without a browser: escaping, the inlined plots' ids, what a run's page
// holds (the headline figures with their pointers, the seed, the inputs), and that the same inputs
// give the same bytes.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "analysis/report/html_compare_report.hpp"
#include "analysis/report/html_page.hpp"
#include "analysis/report/html_run_report.hpp"
#include "analysis/report/report_figures.hpp"
#include "analysis/report/html_svg.hpp"
#include "analysis/report/html_sweep_report.hpp"
#include "analysis/report/html_tables.hpp"
#include "analysis/report/html_timeline.hpp"

namespace {

using Json = nlohmann::ordered_json;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A report as report.json has it, cut to what the page reads, with text that must be escaped.
Json small_report() {
  return Json::parse(R"({"schema": "zksim.report/1",
    "run": {"status": "completed", "scenario": "a<b>&c", "description": "crash \"leader\" <script>x</script>", "seed": 42,
            "network_model": "CM02", "servers": 3, "duration_s": 60.0},
    "summary": {"throughput_per_s": 1997.9818181818182, "requests_ok": 109889, "load_factor_per_server": 36629.666666666664},
    "latency": {"all": {"mean_ms": 1.574655384633585, "p50_ms": 0.205823, "p99_ms": 4.227071}},
    "availability": {"service_percent": 100.0, "client_percent": 99.98817127986752, "request_timeout_ms": null,
                     "write_unavailability": [{"start_s": 20.5, "end_s": 20.7, "duration_ms": 200.0, "cause": "election"}]},
    "servers": [{"id": 1, "final_state": "FOLLOWING", "requests": 9124}],
    "elections": [{"server": 1, "leader": 3, "epoch": 1, "started_s": 20.4, "finished_s": 20.6, "duration_ms": 200.0}],
    "leaderships": [{"server": 3, "epoch": 1, "from_s": 0.25, "to_s": null}],
    "faults": {"events": [{"kind": "crash", "target": "server 3", "at_s": 20.0, "longest_write_gap_ms": 27.0,
                           "clients_disconnected": 62}]},
    "resources": {"bottleneck": {"label": "server2 (follower) disk", "mean_utilization": 0.36989}}})");
}

const char* kSvg = R"svg(<?xml version="1.0" encoding="utf-8"  standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<defs><path id='gpPt0' d='M0,0'/><linearGradient id="grad"/></defs>
<g id="gnuplot_canvas"><use xlink:href='#gpPt0'/><rect fill="url(#grad)" data-id="keep"/></g>
<script type="text/javascript">alert(1)</script>
</svg>
)svg";

std::string run_page(const Json& report) {
  const std::string summary = "throughput  1998.0 req/s <ok>";
  const std::vector<analysis::SvgFile> plots{{"availability", kSvg}, {"latency", kSvg}};
  const analysis::HtmlInputs inputs{"scenarios/x.json", R"({"name": "a<b>&c", "seed": 42})", {"seed 42 (--seed)"}};
  return analysis::run_report_html({report, summary, plots, inputs});
}

}  // namespace

TEST_CASE("html report: escaping turns every markup character into an entity") {
  CHECK(analysis::html_escape("<a href=\"x\">Tom & 'Jerry'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  CHECK(analysis::html_escape("plain text, 1.5 ms") == "plain text, 1.5 ms");
  analysis::HtmlPage page("<title> & more");
  page.paragraph("<script>alert(1)</script>");
  page.table({{"<h>"}, {{{"1 < 2", "/a/b\"c"}}}});
  const std::string html = page.finish();
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<title>&lt;title&gt; &amp; more</title>") != std::string::npos);
  CHECK(html.find("<td data-figure=\"/a/b&quot;c\">1 &lt; 2</td>") != std::string::npos);
  CHECK(html.rfind("<!DOCTYPE html>\n", 0) == 0);
  CHECK(html.find("@media print") != std::string::npos);
}

TEST_CASE("html report: an inlined SVG loses its prolog and scripts, and its ids and references get the prefix") {
  const std::string svg = analysis::inline_svg(kSvg, "p1-");
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("<?xml") == std::string::npos);
  CHECK(svg.find("DOCTYPE") == std::string::npos);
  CHECK(svg.find("script") == std::string::npos);
  CHECK(svg.find("id='p1-gpPt0'") != std::string::npos);
  CHECK(svg.find("id=\"p1-grad\"") != std::string::npos);
  CHECK(svg.find("id=\"p1-gnuplot_canvas\"") != std::string::npos);
  CHECK(svg.find("xlink:href='#p1-gpPt0'") != std::string::npos);
  CHECK(svg.find("url(#p1-grad)") != std::string::npos);
  CHECK(svg.find("data-id=\"keep\"") != std::string::npos);
  CHECK(analysis::inline_svg("no svg here", "p1-").empty());
}

TEST_CASE("html report: figures print one way, whatever their JSON type") {
  CHECK(analysis::figure_text(Json(1997.9818181818182)) == "1997.98");
  CHECK(analysis::figure_text(Json(99.98817127986752)) == "99.9882");
  CHECK(analysis::figure_text(Json(100.0)) == "100");
  CHECK(analysis::figure_text(Json(12345678.9)) == "12345679");
  CHECK(analysis::figure_text(Json(std::uint64_t{18446744073709551615u})) == "18446744073709551615");
  CHECK(analysis::figure_text(Json(nullptr)) == "-");
  CHECK(analysis::figure_text(Json::parse("[1, 2.5, \"x\"]")) == "1, 2.5, x");
  CHECK(analysis::pointer_token("/latency/all") == "~1latency~1all");
}

TEST_CASE("html report: a run's page holds its headline figures by pointer, its seed and its inputs, escaped") {
  const std::string html = run_page(small_report());
  CHECK(html.find("<title>zksim run: a&lt;b&gt;&amp;c, seed 42</title>") != std::string::npos);
  CHECK(html.find("<td data-figure=\"/summary/throughput_per_s\">1997.98</td>") != std::string::npos);
  CHECK(html.find("<td data-figure=\"/latency/all/p99_ms\">4.22707</td>") != std::string::npos);
  CHECK(html.find("<td data-figure=\"/availability/service_percent\">100</td>") != std::string::npos);
  CHECK(html.find("<td data-figure=\"/availability/client_percent\">99.9882</td>") != std::string::npos);
  CHECK(html.find("<td data-figure=\"/resources/bottleneck/mean_utilization\">0.36989</td>") != std::string::npos);
  CHECK(html.find("<td data-figure=\"/run/seed\">42</td>") != std::string::npos);
  CHECK(html.find("crash &quot;leader&quot; &lt;script&gt;") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("{&quot;name&quot;: &quot;a&lt;b&gt;&amp;c&quot;, &quot;seed&quot;: 42}") != std::string::npos);  // the inputs
  CHECK(html.find("seed 42 (--seed)") != std::string::npos);
  CHECK(html.find("throughput  1998.0 req/s &lt;ok&gt;") != std::string::npos);  // the summary
  CHECK(count(html, "<svg") == 2);
  CHECK(count(html, "id='p1-gpPt0'") == 1);
  CHECK(count(html, "id='p2-gpPt0'") == 1);
  CHECK(count(html, "id='gpPt0'") == 0);
}

TEST_CASE("html report: the same report gives the same bytes; another seed other bytes") {
  const std::string a = run_page(small_report()), b = run_page(small_report());
  CHECK(a == b);
  Json other = small_report();
  other["run"]["seed"] = 43;
  CHECK(run_page(other) != a);
  const std::vector<analysis::SvgFile> none;
  const std::string summary;
  const analysis::HtmlInputs inputs;
  const std::string without_plots = analysis::run_report_html({small_report(), summary, none, inputs});
  CHECK(without_plots.find("No plots: gnuplot did not draw them") != std::string::npos);
}

TEST_CASE("html report: the timeline puts elections, leaderships, faults and outages in time order") {
  const analysis::Timeline t = analysis::event_timeline(small_report());
  REQUIRE(t.table.rows.size() == 4);
  CHECK(t.table.rows[0][0].text == "0.250");
  CHECK(t.table.rows[0][1].text == "server 3 leads epoch 1");
  CHECK(t.table.rows[1][0].text == "20.000");
  CHECK(t.table.rows[1][1].text.find("fault: crash server 3") == 0);
  CHECK(t.table.rows[2][0].text == "20.500");  // the outage
  CHECK(t.table.rows[3][1].text == "server 1 ends an election: leader 3, epoch 1 (200 ms)");
  CHECK(analysis::event_timeline(small_report(), 2).rows_left_out == 2);
}

TEST_CASE("html report: compare's and sweep's pages show their figures by pointer into their JSON") {
  const Json compare = Json::parse(R"({"scenario": "cmp", "seed": 3, "level": "clients",
    "strategies": [{"strategy": "random", "completed": true, "jain": 0.99}, {"strategy": "round_robin", "completed": true, "jain": 1.0}],
    "figures": {"/summary/throughput_per_s": {"label": "summary/throughput_per_s", "values": {"random": 200.5, "round_robin": null}}}})");
  const std::string table = "metric  random  round_robin";
  const std::vector<analysis::SvgFile> plots;
  const analysis::HtmlInputs inputs{"s.json", "{}", {}};
  const std::string c = analysis::compare_report_html({compare, table, plots, inputs});
  CHECK(c.find("<td data-figure=\"/figures/~1summary~1throughput_per_s/values/random\">200.5</td>") != std::string::npos);
  CHECK(c.find("<td data-figure=\"/strategies/1/jain\">1</td>") != std::string::npos);
  CHECK(c.find("<a href=\"round_robin/report.html\">") != std::string::npos);
  CHECK(c.find("seed 3") != std::string::npos);
  const Json sweep = Json::parse(R"({"plan": {"name": "knee", "slo": {"p99_ms": 100}}, "seed": 1, "slo": {"p99_ms": 100.0},
    "configurations": [{"index": 0, "servers": 1, "capacity_per_s": 975.0, "steps": [{"rate": 1}]}],
    "recommendations": ["recommendation: 1 server"]})");
  const std::string s = analysis::sweep_report_html({sweep, table, plots});
  CHECK(s.find("<td data-figure=\"/configurations/0/capacity_per_s\">975</td>") != std::string::npos);
  CHECK(s.find("<td data-figure=\"/slo/p99_ms\">100</td>") != std::string::npos);
  CHECK(s.find("recommendation: 1 server") != std::string::npos);
  CHECK(s.find("&quot;name&quot;: &quot;knee&quot;") != std::string::npos);  // the plan, as input
  CHECK(s.find("Nested fields, in the JSON file beside this page: steps.") != std::string::npos);
}

TEST_CASE("html report: the plots of a folder come in name order, numbers read as numbers") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("zksim-html-svg-order-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const char* name : {"knee-10.svg", "knee-2.svg", "capacity.svg", "knee-0.svg", "capacity.dat"})
    std::ofstream(dir / name) << "<svg/>";
  std::vector<std::string> names;
  for (const analysis::SvgFile& f : analysis::read_svg_folder(dir)) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"capacity", "knee-0", "knee-2", "knee-10"});
  CHECK(analysis::read_svg_folder(dir / "absent").empty());
  fs::remove_all(dir);
}
