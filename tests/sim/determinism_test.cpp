// The same scenario and seed give byte-identical output folders; another seed other numbers.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "tests/sim/zksim_process.hpp"

namespace fs = std::filesystem;

namespace {
std::map<std::string, std::string> folder_contents(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files[fs::relative(entry.path(), dir).string()] = tests::read_file(entry.path().string());
  return files;
}
}  // namespace

TEST_CASE("determinism: the default scenario with seed 7 twice gives identical folders, seed 8 does not") {
  const auto dir = tests::temp_dir("determinism");
  const auto scenario = tests::source_path("scenarios/default.json");
  for (const char* run : {"a", "b"})
    REQUIRE(tests::run_zksim({"run", scenario, "--seed", "7", "--out", dir + "/" + run, "-q"}).exit_code == 0);
  REQUIRE(tests::run_zksim({"run", scenario, "--seed", "8", "--out", dir + "/c", "-q"}).exit_code == 0);
  const auto a = folder_contents(dir + "/a"), b = folder_contents(dir + "/b"), c = folder_contents(dir + "/c");
  CHECK(a.size() >= 3);
  CHECK(a == b);
  CHECK(a.at("report.json") != c.at("report.json"));
  CHECK(a.at("report.json").find("\"seed\": 7") != std::string::npos);
}

TEST_CASE("determinism: the built-in default scenario is scenarios/default.json") {
  const auto dir = tests::temp_dir("builtin");
  REQUIRE(tests::run_zksim({"run", "--out", dir + "/builtin", "-q"}).exit_code == 0);
  REQUIRE(tests::run_zksim({"run", tests::source_path("scenarios/default.json"), "--out", dir + "/file", "-q"}).exit_code == 0);
  CHECK(tests::read_file(dir + "/builtin/report.json") == tests::read_file(dir + "/file/report.json"));
}

TEST_CASE("determinism: every shipped scenario gives byte-identical reports and traces, run to run") {
  // Shipped scenarios are shortened to 15 s (dropping later events) to keep the suite fast.
  std::vector<fs::path> files;
  for (const char* folder : {"scenarios", "scenarios/bench"}) {
    if (!fs::exists(tests::source_path(folder))) continue;
    for (const auto& entry : fs::directory_iterator(tests::source_path(folder)))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 3);
  for (const fs::path& file : files) {
    CAPTURE(file.string());
    auto scenario = nlohmann::json::parse(tests::read_file(file.string()));
    if (scenario.contains("clients") && scenario["clients"].value("count", 100) > 5000)
      continue;  // the 100,000-client scale benchmark: minutes per run, measured by tests/bench
    const double duration_s = std::min(scenario.value("duration_s", 60.0), 15.0);
    scenario["duration_s"] = duration_s;
    scenario["warmup_s"] = std::min(scenario.value("warmup_s", 5.0), duration_s / 2);
    if (scenario.contains("events")) {
      nlohmann::json kept = nlohmann::json::array();
      for (const auto& e : scenario["events"])
        if (e["at_s"].get<double>() < duration_s) kept.push_back(e);
      scenario["events"] = kept;
    }
    const auto dir = tests::temp_dir("shipped-" + file.stem().string());
    tests::link_scenario_assets(dir);
    tests::write_file(dir + "/scenario.json", scenario.dump());
    for (const char* run : {"a", "b"}) {
      const auto r = tests::run_zksim({"run", dir + "/scenario.json", "--out", dir + "/" + run, "--trace",
                                       dir + "/" + run + ".trace", "-q"});
      REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    }
    CHECK(folder_contents(dir + "/a") == folder_contents(dir + "/b"));
    CHECK(tests::read_file(dir + "/a.trace") == tests::read_file(dir + "/b.trace"));
    fs::remove_all(dir);
  }
}
