#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/plot/gnuplot_runner.hpp"
#include "analysis/plot/gnuplot_script.hpp"
#include "analysis/plot/plot_data.hpp"
#include "analysis/plot/plots.hpp"
#include "tests/analysis/plot/synthetic_run.hpp"
#include "tests/analysis/plot/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using test_files::read_file;
using test_files::TempDir;

const char* const kTextFiles[] = {"timeline.dat",     "latency_cdf.dat", "server_load.dat", "outages.dat",
                                  "throughput_latency.gp", "latency_cdf.gp",  "server_load.gp",  "availability.gp"};
const char* const kPlots[] = {"throughput_latency", "latency_cdf", "server_load", "availability"};

// The numeric rows of one data block (comment lines skipped), split into columns.
std::vector<std::vector<double>> rows_of(const std::string& block) {
  std::vector<std::vector<double>> rows;
  std::istringstream lines(block);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::vector<double> row;
    for (std::string field; fields >> field;) row.push_back(field == "nan" ? -1.0 : std::stod(field));
    rows.push_back(row);
  }
  return rows;
}

std::vector<std::string> blocks_of(const std::string& text) {
  std::vector<std::string> blocks;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find("\n\n\n", start)) != std::string::npos; start = end + 3)
    blocks.push_back(text.substr(start, end + 1 - start));
  blocks.push_back(text.substr(start));
  return blocks;
}

analysis::PlotOptions scripts_only() {
  analysis::PlotOptions options;
  options.title = "synthetic";
  options.servers = {1, 2, 3, 4, 5};
  options.render = false;
  return options;
}

bool gnuplot_available() { return analysis::find_program("gnuplot").has_value(); }

}  // namespace

TEST_CASE("plot: the timeline has one row per interval with throughput and leader time") {
  const auto run = synthetic::make_run();
  const auto metrics = synthetic::metrics_of(run);
  const auto rows = rows_of(analysis::timeline_dat(metrics));
  REQUIRE(rows.size() == metrics.intervals().size());
  CHECK(rows.size() == 60);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    REQUIRE(rows[i].size() == 8);
    CHECK(rows[i][0] == doctest::Approx(static_cast<double>(i)));
    CHECK(rows[i][2] == doctest::Approx(static_cast<double>(metrics.intervals()[i].ok)));
  }
  CHECK(rows[10][6] == doctest::Approx(1.0));   // a steady leader
  CHECK(rows[20][6] == doctest::Approx(0.25));  // leader lost at 20 s, the next established at 20.75 s
  CHECK(rows[20][3] > 0);                       // failed requests of the crashed server's clients
}

TEST_CASE("plot: the latency CDF rises to exactly 1 for all, read and write requests") {
  const auto metrics = synthetic::metrics_of(synthetic::make_run());
  const auto blocks = blocks_of(analysis::latency_cdf_dat(metrics));
  REQUIRE(blocks.size() == 3);
  for (const std::string& block : blocks) {
    const auto rows = rows_of(block);
    REQUIRE(!rows.empty());
    for (std::size_t i = 1; i < rows.size(); ++i) {
      CHECK(rows[i][0] > rows[i - 1][0]);
      CHECK(rows[i][1] >= rows[i - 1][1]);
    }
    CHECK(block.substr(block.rfind(' ') + 1) == "1.000000\n");
  }
  CHECK(rows_of(blocks[2]).back()[0] > 700.0);  // the slowest write waited out the failover
}

TEST_CASE("plot: the load bars list each server with its count and the mean L = R / S") {
  const auto metrics = synthetic::metrics_of(synthetic::make_run());
  const std::vector<models::NodeId> servers{1, 2, 3, 4, 5, 6};  // 6 served nothing: still a bar
  const std::string text = analysis::server_load_dat(metrics, servers);
  const auto rows = rows_of(text);
  REQUIRE(rows.size() == servers.size());
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i][0] == doctest::Approx(static_cast<double>(i)));
    CHECK(rows[i][1] == doctest::Approx(static_cast<double>(servers[i])));
    const auto it = metrics.served_by_server().find(servers[i]);
    const std::uint64_t served = it == metrics.served_by_server().end() ? 0 : it->second;
    CHECK(rows[i][2] == doctest::Approx(static_cast<double>(served)));
    total += served;
  }
  CHECK(rows.back()[2] == 0);
  CHECK(analysis::mean_load(metrics, servers) == doctest::Approx(static_cast<double>(total) / 6.0));
  CHECK(text.find("mean L = R / S = ") != std::string::npos);
}

TEST_CASE("plot: marks and outage windows appear in the scripts") {
  const auto run = synthetic::make_run();
  const auto metrics = synthetic::metrics_of(run);
  TempDir dir("plot-marks");
  const auto result = analysis::write_plots(metrics, run.marks, dir.str(), scripts_only());
  CHECK(result.warning.empty());
  CHECK(result.files.size() == 8);
  for (const char* plot : {"throughput_latency.gp", "availability.gp"}) {
    const std::string script = read_file(dir.path() / plot);
    CHECK(script.find("set label \"crash server 3\" at 20.000000") != std::string::npos);
    CHECK(script.find("set label \"restart server 3\" at 40.000000") != std::string::npos);
    CHECK(script.find("set arrow from 20.000000, graph 0 to 20.000000, graph 1 nohead") != std::string::npos);
  }
  REQUIRE(metrics.outages().size() == 1);
  CHECK(read_file(dir.path() / "availability.gp").find("set object rectangle from 20.000000, graph 0 to 20.750000") !=
        std::string::npos);
  CHECK(read_file(dir.path() / "outages.dat") == "# start_s end_s duration_ms\n20.000000 20.750000 750.000000\n");
  CHECK(read_file(dir.path() / "server_load.gp").find("synthetic") != std::string::npos);
}

TEST_CASE("plot: a second write gives byte-identical data files and scripts") {
  const auto run = synthetic::make_run();
  TempDir first("plot-det-a"), second("plot-det-b");
  analysis::write_plots(synthetic::metrics_of(run), run.marks, first.str(), scripts_only());
  analysis::write_plots(synthetic::metrics_of(run), run.marks, second.str(), scripts_only());
  for (const char* name : kTextFiles) {
    CAPTURE(name);
    const std::string text = read_file(first.path() / name);
    CHECK(!text.empty());
    CHECK(text == read_file(second.path() / name));
  }
}

TEST_CASE("plot: PNG and SVG are rendered when gnuplot is installed") {
  if (!gnuplot_available()) {
    MESSAGE("gnuplot is not on PATH: rendering not checked");
    return;
  }
  const auto run = synthetic::make_run();
  TempDir dir("plot-render");
  analysis::PlotOptions options = scripts_only();
  options.render = true;
  const auto result = analysis::write_plots(synthetic::metrics_of(run), run.marks, dir.str(), options);
  CHECK(result.warning == "");
  CHECK(result.rendered);
  CHECK(result.files.size() == 16);
  for (const char* plot : kPlots)
    for (const char* extension : {".png", ".svg"}) {
      const fs::path image = dir.path() / (std::string(plot) + extension);
      CAPTURE(image.string());
      REQUIRE(fs::exists(image));
      CHECK(fs::file_size(image) > 1000);
    }
}

TEST_CASE("plot: a run without requests or leader still renders") {
  if (!gnuplot_available()) {
    MESSAGE("gnuplot is not on PATH: rendering not checked");
    return;
  }
  analysis::RunMetrics metrics({models::sec(1), models::sec(10), models::sec(1)});
  metrics.finish();
  TempDir dir("plot-empty");
  analysis::PlotOptions options;  // no servers listed, none served: an empty load plot
  const auto result = analysis::write_plots(metrics, {}, dir.str(), options);
  CHECK(result.warning == "");
  CHECK(result.rendered);
}

TEST_CASE("plot: without gnuplot the scripts stay and the caller gets a warning") {
  const auto run = synthetic::make_run();
  TempDir dir("plot-missing");
  analysis::PlotOptions options = scripts_only();
  options.render = true;
  options.gnuplot = "zksim-no-such-gnuplot";
  const auto result = analysis::write_plots(synthetic::metrics_of(run), run.marks, dir.str(), options);
  CHECK(!result.rendered);
  CHECK(result.warning.find("zksim-no-such-gnuplot not found: plots skipped; .gp scripts written") == 0);
  CHECK(result.files.size() == 8);
  for (const char* name : kTextFiles) CHECK(fs::exists(dir.path() / name));
  CHECK(!fs::exists(dir.path() / "latency_cdf.png"));
}

TEST_CASE("plot: an unwritable folder is a warning, not an exception") {
  TempDir dir("plot-unwritable");
  { std::ofstream(dir.path() / "a_file") << "x"; }
  analysis::RunMetrics metrics({0, models::sec(2), models::sec(1)});
  metrics.finish();
  const auto result = analysis::write_plots(metrics, {}, (dir.path() / "a_file" / "plots").string(), scripts_only());
  CHECK(result.files.empty());
  CHECK(result.warning.find("cannot create") == 0);
}

TEST_CASE("plot: labels are quoted safely for gnuplot") {
  CHECK(analysis::gp_string("crash \"server\" 1\\2\nnext") == "\"crash \\\"server\\\" 1\\\\2 next\"");
  const std::string overlays = analysis::mark_overlays({{5.0, "b"}, {5.1, "a"}, {30.0, "c"}}, 60.0);
  // Close marks are stepped down so their labels do not overlap; a distant one starts at the top again.
  CHECK(overlays.find("\"b\" at 5.000000, graph 0.97") != std::string::npos);
  CHECK(overlays.find("\"a\" at 5.100000, graph 0.75") != std::string::npos);
  CHECK(overlays.find("\"c\" at 30.000000, graph 0.97") != std::string::npos);
}
