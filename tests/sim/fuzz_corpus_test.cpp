// The fuzz target's corpus as regression tests: every input it was seeded with or found a bug
// with goes through the same entry function, so CI replays them without libFuzzer's runtime.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "sim/scenario/load_scenario.hpp"
#include "sim/trace/incident.hpp"
#include "tests/fuzz/input_entry.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

std::vector<std::filesystem::path> corpus_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(tests::source_path("tests/fuzz/corpus")))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("fuzz: every corpus input keeps every reader's contract (a result or errors with paths), and nothing breaks") {
  const auto files = corpus_files();
  REQUIRE(files.size() >= 50);
  for (const auto& file : files) {
    CAPTURE(file.filename().string());
    const std::string bytes = tests::read_file(file.string());
    CHECK(tests::fuzz::check_input(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()) == "");
  }
}

TEST_CASE("fuzz: the corpus holds the shipped scenarios, the README examples and the findings") {
  const auto files = corpus_files();
  const auto count = [&](const std::string& prefix) {
    return std::count_if(files.begin(), files.end(),
                         [&](const auto& f) { return f.filename().string().rfind(prefix, 0) == 0; });
  };
  CHECK(count("seed-readme-") >= 10);
  CHECK(count("seed-default") == 1);
  CHECK(count("malformed-") >= 20);
  CHECK(count("finding-") >= 1);
  // The other readers' seeds: plans and measurements come from scenarios/, traces and shard files
  // from runs (seed_corpus.py --zksim), with their damaged and crafted variants.
  CHECK(count("seed-plans-") >= 1);
  CHECK(count("seed-calibration-") >= 1);
  CHECK(count("seed-trace-") >= 2);
  CHECK(count("seed-shard-") >= 2);
  CHECK(count("malformed-trace-") >= 10);
  CHECK(count("malformed-shard-") >= 3);
}

// What the fuzzer found, as the errors a user sees instead of a crash.
TEST_CASE("fuzz: the inputs that crashed the loaders now get errors with JSON paths") {
  const auto errors_of = [](const std::string& json) {
    return sim::format_errors(sim::parse_scenario(json, "f.json", tests::source_path("scenarios")));
  };
  CHECK(errors_of(R"({"duration_s": 1e400})").find("f.json: $: not valid JSON") == 0);
  CHECK(errors_of(std::string(200, '[') + std::string(200, ']')).find("f.json: $: nested deeper than 100 levels") == 0);
  CHECK(errors_of(R"({"profile": "profiles"})").find("f.json: $.profile: cannot read profile file") == 0);
  CHECK(errors_of(R"({"network": {"platform_file": ")" + std::string(300, 'p') + R"("}})")
            .find("f.json: $.network.platform_file: cannot read") == 0);
  CHECK(errors_of(R"({"clients": {"count": 9223372036854775808}})")
            .find("f.json: $.clients.count: value 9223372036854775808 is out of range") == 0);
  const sim::Scenario defaults;
  const auto incident = sim::trace::parse_incident("time_s,kind\n1,cr\xffsh\n", "i.csv", defaults);
  REQUIRE(incident.errors.size() == 1);
  CHECK(incident.errors[0].find("i.csv:2: column kind: unknown value") == 0);
}
