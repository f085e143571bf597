// Every example in scenarios/README.md runs, and every shipped scenario file is valid.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "sim/scenario/load_scenario.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

std::vector<std::string> json_examples(const std::string& markdown) {
  std::vector<std::string> examples;
  const std::regex block("```json\\n([\\s\\S]*?)```");
  for (auto it = std::sregex_iterator(markdown.begin(), markdown.end(), block); it != std::sregex_iterator(); ++it)
    examples.push_back((*it)[1].str());
  return examples;
}

// Runs a scenario from a folder that links to scenarios/profiles and scenarios/platforms, as if
// the file were in scenarios/.
nlohmann::json run_in_scenarios_tree(const std::string& name, const std::string& scenario) {
  const auto dir = tests::temp_dir(name);
  tests::link_scenario_assets(dir);
  tests::write_file(dir + "/scenario.json", scenario);
  const auto r = tests::run_zksim({"run", dir + "/scenario.json", "--out", dir + "/out", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return tests::read_json(dir + "/out/report.json");
}

}  // namespace

TEST_CASE("scenarios: every example of scenarios/README.md runs to a report with no safety violation") {
  const auto examples = json_examples(tests::read_file(tests::source_path("scenarios/README.md")));
  REQUIRE(examples.size() >= 10);
  for (std::size_t i = 0; i < examples.size(); ++i) {
    CAPTURE(examples[i]);
    // Examples that name files are written as if they were in scenarios/: run them from there.
    const auto loaded = sim::parse_scenario(examples[i], "example", tests::source_path("scenarios"));
    REQUIRE_MESSAGE(loaded.scenario.has_value(), sim::format_errors(loaded));
    const auto report = run_in_scenarios_tree("example" + std::to_string(i), examples[i]);
    CHECK(report["run"]["status"] == "completed");
    CHECK(report["safety"]["violation"].is_null());
    CHECK(report["summary"]["requests_ok"].get<double>() > 0);
  }
}

TEST_CASE("scenarios: every shipped scenario file is valid") {
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(tests::source_path("scenarios"))) {
    const std::string path = entry.path().string();
    bool other = entry.path().extension() != ".json";
    for (const char* folder : {"/profiles/", "/incidents/", "/plans/", "/calibration/"})
      other = other || path.find(folder) != std::string::npos;
    if (other) continue;  // profiles, incident timelines, sweep plans, measurements: not scenarios
    const auto loaded = sim::load_scenario_file(entry.path().string());
    CAPTURE(entry.path().string());
    CHECK_MESSAGE(loaded.scenario.has_value(), sim::format_errors(loaded));
    ++files;
  }
  CHECK(files >= 3);
}
