// `zksim compare`: --jobs, its plot, and every figure of the strategies' reports side by side.
#include <doctest/doctest.h>

#include <csignal>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "analysis/plot/gnuplot_runner.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const char* kScenario = R"({"name": "cmp", "duration_s": 4, "warmup_s": 1,
  "clients": {"count": 20, "hosts": 2}, "workload": {"rate_per_s": 200}})";

// The files a comparison writes whose bytes are promised (images depend on gnuplot's version).
std::map<std::string, std::string> deterministic_files(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const char* name : {"compare.txt", "compare.csv", "compare.json", "compare.dat", "compare.gp",
                           "random/report.json", "zk_host_provider/report.json"})
    files[name] = tests::read_file(dir + "/" + name);
  return files;
}

tests::ProcessResult compare(const std::string& dir, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"compare", dir + "/s.json", "--strategies", "zk_host_provider,random", "--out",
                                dir + "/out", "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  return tests::run_zksim(args);
}

}  // namespace

TEST_CASE("compare: --jobs 2 writes the same bytes as --jobs 1") {
  const auto dir = tests::temp_dir("compare-jobs");
  tests::write_file(dir + "/s.json", kScenario);
  const auto one = compare(dir, {"--jobs", "1"});
  REQUIRE_MESSAGE(one.exit_code == 0, one.err);
  const auto files_one = deterministic_files(dir + "/out");
  const auto two = compare(dir, {"--jobs", "2"});
  REQUIRE_MESSAGE(two.exit_code == 0, two.err);
  CHECK(two.out == one.out);
  const auto files_two = deterministic_files(dir + "/out");
  for (const auto& [name, text] : files_one) {
    CAPTURE(name);
    CHECK_FALSE(text.empty());
    CHECK(files_two.at(name) == text);
  }
}

TEST_CASE("compare: keeps every figure of the strategies' reports side by side") {
  const auto dir = tests::temp_dir("compare-figures");
  tests::write_file(dir + "/s.json", kScenario);
  const auto r = compare(dir, {});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto json = tests::read_json(dir + "/out/compare.json");
  const auto& figures = json["figures"];
  for (const char* pointer : {"/resources/bottleneck/mean_utilization", "/servers/2/requests", "/latency/read/p99_ms"}) {
    CAPTURE(pointer);
    REQUIRE(figures.contains(pointer));
    CHECK(figures[pointer]["values"]["zk_host_provider"].is_number());
    CHECK(figures[pointer]["values"]["random"].is_number());
  }
  // The values are the runs' own.
  const auto report = tests::read_json(dir + "/out/random/report.json");
  CHECK(figures["/servers/2/requests"]["values"]["random"] == report["servers"][2]["requests"]);
}

TEST_CASE("compare: writes its plot beside compare.txt, and never an empty image") {
  const auto dir = tests::temp_dir("compare-plot");
  tests::write_file(dir + "/s.json", kScenario);
  const auto r = compare(dir, {});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(tests::read_file(dir + "/out/compare.dat").find("\"random\"") != std::string::npos);
  CHECK(tests::read_file(dir + "/out/compare.gp").find("set multiplot") != std::string::npos);
  if (!analysis::find_program("gnuplot")) {
    MESSAGE("gnuplot is not installed: only the plot's data and script are checked");
    CHECK(r.err.find("warning: gnuplot not found") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/out/compare.png"));
    return;
  }
  CHECK(r.err.find("warning") == std::string::npos);
  for (const char* image : {"compare.png", "compare.svg"}) {
    CAPTURE(image);
    REQUIRE(fs::exists(dir + "/out/" + image));
    CHECK(fs::file_size(dir + "/out/" + image) > 1000);
  }
}

TEST_CASE("compare: a bad --jobs or a strategy named twice is refused with exit code 2") {
  const auto dir = tests::temp_dir("compare-refused");
  tests::write_file(dir + "/s.json", kScenario);
  CHECK(compare(dir, {"--jobs", "0"}).exit_code == 2);
  CHECK(compare(dir, {"--jobs", "x"}).exit_code == 2);
  const auto twice = tests::run_zksim({"compare", dir + "/s.json", "--strategies", "random,round_robin,random"});
  CHECK(twice.exit_code == 2);
  CHECK(twice.err.find("--strategies[2]: random is named twice") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/out"));
}

TEST_CASE("compare: SIGTERM with --jobs 2 stops both strategies running at once and leaves no folder") {
  const auto dir = tests::temp_dir("compare-jobs-signal");
  tests::write_file(dir + "/long.json", R"({"name": "long", "duration_s": 3600, "clients": {"count": 20},
    "workload": {"rate_per_s": 400}})");
  const auto started = tests::start_zksim({"compare", dir + "/long.json", "--strategies", "round_robin,random,least_loaded",
                                           "--jobs", "2", "--out", dir + "/out", "-q"});
  std::vector<int> children;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((children = tests::children_of(started.pid)).size() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(children.size() == 2);  // two strategies at once, the third waiting for a slot
  ::kill(started.pid, SIGTERM);
  const auto r = tests::wait_zksim(started);
  CHECK(r.exit_code == 143);
  for (int child : children) CHECK_FALSE(tests::process_running(child));
  CHECK_FALSE(fs::exists(dir + "/out"));
}
