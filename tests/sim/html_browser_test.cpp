// report.html as a reader sees it: Debian's chromium, headless, renders the pages of every shipped
// scenario, of a compare, of a sweep and of replications. Each page must draw something (its
// screenshot is not a blank page's), show in its rendered DOM the figures of the JSON file beside
// it with the same values, hold no script and name no external resource, and log nothing to the
// console. CI installs chromium (.ci/setup); without it these tests fail and say so.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <set>

#include "analysis/report/headline_figures.hpp"
#include "analysis/report/html_tables.hpp"
#include "tests/sim/headless_chromium.hpp"
#include "tests/sim/knee_plan.hpp"
#include "tests/sim/zksim_process.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int kWidth = 1200, kHeight = 2400;

void require_chromium() {
  if (tests::chromium_path().empty())
    FAIL("chromium is not installed (the browser test needs Debian's chromium: "
         "`apt-get install --no-install-recommends chromium`, which .ci/setup does)");
}

// The size of the screenshot of an empty page rendered the same way: a page that draws nothing
// compresses to about this; a report with tables and plots to many times more.
std::size_t blank_png_bytes() {
  static const std::size_t bytes = [] {
    const std::string file = tests::temp_dir("html-blank") + "/blank.html";
    tests::write_file(file, "<!DOCTYPE html>\n<html><head><title>blank</title></head><body></body></html>\n");
    const tests::Rendered r = tests::render_page(file, kWidth, kHeight);
    REQUIRE(tests::png_has_size(r.screenshot_png, kWidth, kHeight));
    return r.screenshot_png.size();
  }();
  return bytes;
}

struct FigureCell {
  std::string pointer, text;
};

// Every <td data-figure="POINTER">TEXT</td> of the serialized DOM.
std::vector<FigureCell> figure_cells(const std::string& dom) {
  static const std::string kOpen = "<td data-figure=\"";
  std::vector<FigureCell> cells;
  for (std::size_t at = dom.find(kOpen); at != std::string::npos; at = dom.find(kOpen, at + 1)) {
    const std::size_t pointer_end = dom.find("\">", at + kOpen.size());
    const std::size_t text_end = dom.find("</td>", pointer_end);
    if (pointer_end == std::string::npos || text_end == std::string::npos) break;
    cells.push_back({tests::html_unescape(dom.substr(at + kOpen.size(), pointer_end - at - kOpen.size())),
       tests::html_unescape(dom.substr(pointer_end + 2, text_end - pointer_end - 2))});
  }
  return cells;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The page's file holds no script and names nothing outside it (the SVG namespaces are names,
// never fetched); the links it has are to files beside it.
void check_self_contained(const std::string& html) {
  CHECK(html.find("<script") == std::string::npos);
  for (const char* external : {"src=", "href=\"http", "href='http", "url(http", "@import", "<link"})
    CHECK_MESSAGE(html.find(external) == std::string::npos, external);
  CHECK(html.find("@media print") != std::string::npos);
}

// Renders the page and checks it against the JSON document beside it: every figure cell shows
// the document's value at its pointer, and each required pointer has a cell. svg_count: the plots
// the page must show.
void check_page(const std::string& page, const std::string& json_file, const std::vector<std::string>& required,
                std::size_t svg_count) {
  CAPTURE(page);
  const std::string html = tests::read_file(page);
  check_self_contained(html);
  const tests::Rendered r = tests::render_page(page, kWidth, kHeight);
  REQUIRE_FALSE(r.timed_out);
  CHECK_MESSAGE(r.exit_code == 0, r.stderr_text);
  CHECK_MESSAGE(r.console_lines.empty(), r.console_lines);
  REQUIRE(tests::png_has_size(r.screenshot_png, kWidth, kHeight));
  CHECK(r.screenshot_png.size() > 3 * blank_png_bytes());
  CHECK(count(r.dom, "<svg") == svg_count);
  const auto doc = nlohmann::ordered_json::parse(tests::read_file(json_file));
  std::set<std::string> seen;
  for (const FigureCell& cell : figure_cells(r.dom)) {
    CAPTURE(cell.pointer);
    const nlohmann::ordered_json::json_pointer pointer(cell.pointer);
    REQUIRE(doc.contains(pointer));
    CHECK(cell.text == analysis::figure_text(doc[pointer]));
    seen.insert(cell.pointer);
  }
  for (const std::string& pointer : required) CHECK_MESSAGE(seen.count(pointer) == 1, pointer);
}

std::size_t svg_files(const std::string& dir) {
  if (!fs::exists(dir)) return 0;
  return static_cast<std::size_t>(std::count_if(fs::directory_iterator(dir), fs::directory_iterator(),
                [](const fs::directory_entry& e) { return e.path().extension() == ".svg"; }));
}

// A run's page: every headline figure its report has, and the seed.
void check_run_page(const std::string& dir) {
  const auto report = nlohmann::ordered_json::parse(tests::read_file(dir + "/report.json"));
  std::vector<std::string> required{"/run/seed"};
  for (const analysis::HeadlineFigure& h : analysis::headline_figures())
    if (report.contains(nlohmann::ordered_json::json_pointer(h.pointer))) required.push_back(h.pointer);
  REQUIRE(required.size() >= 10);  // throughput, the latencies, both availabilities...
  check_page(dir + "/report.html", dir + "/report.json", required, svg_files(dir + "/plots"));
}

// Runs zksim with each argument list, two at a time (the machine has two cores), and checks each
// run's pages as soon as it is done, while the next ones run.
void run_and_check(const std::vector<std::vector<std::string>>& runs, const std::function<void(std::size_t)>& check) {
  std::vector<tests::StartedZksim> started;
  std::size_t next = 0;
  for (; next < std::min<std::size_t>(2, runs.size()); ++next) started.push_back(tests::start_zksim(runs[next]));
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const tests::ProcessResult r = tests::wait_zksim(started[i]);
    if (next < runs.size()) started.push_back(tests::start_zksim(runs[next++]));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    check(i);
  }
}

constexpr const char* kSmallScenario = R"({"name": "cmp", "duration_s": 4, "warmup_s": 1,
  "clients": {"count": 20, "hosts": 2}, "workload": {"rate_per_s": 200}})";


}  // namespace

TEST_CASE("html browser: the console check catches a page that logs an error or whose script fails") {
  require_chromium();
  const std::string file = tests::temp_dir("html-bad") + "/bad.html";
  tests::write_file(file, "<!DOCTYPE html>\n<html><body><p>broken</p><script>console.error('deliberate error');</script>"
            "<script>no_such_function();</script></body></html>\n");
  const tests::Rendered r = tests::render_page(file, 400, 300);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.console_lines.find("deliberate error") != std::string::npos);
  CHECK(r.console_lines.find("no_such_function") != std::string::npos);
  CHECK(r.dom.find("<p>broken</p>") != std::string::npos);
}

// Every shipped scenario (scenarios/*.json), so that a new one is checked as it lands. The two that
// load gigabytes of initial data take 6-9 s each to run: this case takes about 47 s on a busy
// two-core machine, in a process of its own like every case.
TEST_CASE("html browser: the shipped scenarios' report.html render, with report.json's figures, no console message") {
  require_chromium();
  const std::string dir = tests::temp_dir("html-scenarios");
  std::vector<std::filesystem::path> scenarios;
  for (const auto& entry : std::filesystem::directory_iterator(tests::source_path("scenarios")))
    if (entry.path().extension() == ".json") scenarios.push_back(entry.path());
  std::sort(scenarios.begin(), scenarios.end());
  REQUIRE(scenarios.size() >= 8);
  std::vector<std::vector<std::string>> runs;
  std::vector<std::string> outs;
  for (const auto& scenario : scenarios) {
    outs.push_back(dir + "/" + scenario.stem().string());
    runs.push_back({"run", scenario.string(), "--out", outs.back(), "-q"});
  }
  run_and_check(runs, [&](std::size_t i) { check_run_page(outs[i]); });
}

TEST_CASE("html browser: the pages of compare, sweep and replications render, with their JSON's figures") {
  require_chromium();
  const std::string dir = tests::temp_dir("html-commands");
  tests::write_file(dir + "/s.json", kSmallScenario);
  tests::write_file(dir + "/plan.json", tests::knee_plan());
  const std::vector<std::vector<std::string>> runs{
      {"compare", dir + "/s.json", "--strategies", "zk_host_provider,random", "--jobs", "2", "--out", dir + "/compare", "-q"},
      {"sweep", dir + "/plan.json", "--jobs", "2", "--out", dir + "/sweep", "-q"},
      {"run", dir + "/s.json", "--replications", "2", "--out", dir + "/replications", "-q"}};
  run_and_check(runs, [&](std::size_t i) {
    if (i == 0)
      check_page(dir + "/compare/report.html", dir + "/compare/compare.json",
                 {"/figures/~1summary~1throughput_per_s/values/random",
                  "/figures/~1latency~1all~1p99_ms/values/zk_host_provider",
                  "/figures/~1availability~1client_percent/values/random"},
                 svg_files(dir + "/compare"));
    if (i == 1)
      check_page(dir + "/sweep/report.html", dir + "/sweep/sweep.json",
                 {"/configurations/0/capacity_per_s", "/slo/p99_ms"}, svg_files(dir + "/sweep/plots"));
    if (i != 2) return;
    check_page(dir + "/replications/report.html", dir + "/replications/replications.json",
               {"/metrics/throughput_per_s/mean", "/metrics/latency_p99_ms/mean",
                "/metrics/client_availability_percent/mean"},
               0);
    check_run_page(dir + "/replications/seed-2");
  });
}

TEST_CASE("html browser: a page that never finishes loading is killed at the time bound") {
  require_chromium();
  const std::string file = tests::temp_dir("html-hang") + "/hang.html";
  tests::write_file(file, "<!DOCTYPE html>\n<html><body><script>for (;;) {}</script></body></html>\n");
  const auto start = std::chrono::steady_clock::now();
  const tests::Rendered r = tests::render_page(file, 400, 300, 4);
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(r.timed_out);
  CHECK(elapsed_s < 10);
}
