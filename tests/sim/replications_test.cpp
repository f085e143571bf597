// `zksim run --replications K`: every figure of the runs' reports with its 95% confidence interval,
// not only the headline metrics.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/sim/zksim_process.hpp"

namespace {

// Small enough to run three times in a few seconds; a crash gives the report a faults section.
constexpr const char* kScenario = R"({"name": "repl", "duration_s": 5, "warmup_s": 1,
  "clients": {"count": 20, "hosts": 2}, "workload": {"rate_per_s": 300, "read_ratio": 0.8},
  "events": [{"at_s": 3, "kind": "crash", "server": 1}]})";

void check_interval(const nlohmann::json& figure, std::size_t samples) {
  CHECK(figure["samples"].size() == samples);
  CHECK(figure["low"].get<double>() <= figure["mean"].get<double>());
  CHECK(figure["mean"].get<double>() <= figure["high"].get<double>());
  CHECK(figure["half_width_95"].is_number());
}

}  // namespace

TEST_CASE("replications: every figure of the reports has its interval, the resources and faults too") {
  const auto dir = tests::temp_dir("replications-figures");
  tests::write_file(dir + "/s.json", kScenario);
  const auto r = tests::run_zksim({"run", dir + "/s.json", "--replications", "3", "--out", dir + "/out", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto json = tests::read_json(dir + "/out/replications.json");
  CHECK(json["schema"] == "zksim.replications/2");
  // The headline metrics keep their names.
  check_interval(json["metrics"]["throughput_per_s"], 3);
  check_interval(json["metrics"]["client_availability_percent"], 3);
  CHECK(json["metrics"]["client_availability_percent"]["high"].get<double>() <= 100);
  // Figures the old fixed list did not have: utilization, a server's requests, a fault's write gap.
  const auto& figures = json["figures"];
  for (const char* pointer : {"/resources/bottleneck/mean_utilization", "/resources/resources/0/mean_utilization",
                              "/servers/1/requests", "/faults/events/0/longest_write_gap_ms",
                              "/latency/write/p90_ms"}) {
    CAPTURE(pointer);
    REQUIRE(figures.contains(pointer));
    check_interval(figures[pointer], 3);
  }
  CHECK(figures["/resources/resources/0/mean_utilization"]["label"].get<std::string>().find("resources[server1 cpu]") !=
        std::string::npos);
  // Not figures: the run's inputs, identifiers, and chance event logs.
  CHECK_FALSE(figures.contains("/run/seed"));
  CHECK_FALSE(figures.contains("/servers/0/id"));
  CHECK_FALSE(figures.contains("/elections/0/duration_ms"));
  CHECK(json["figures_in_some_runs"]["count"].get<std::size_t>() == json["figures_in_some_runs"]["pointers"].size());
  // The terminal keeps to the headline and says where the rest is; replications.txt has them all.
  CHECK(r.out.find("throughput_per_s") != std::string::npos);
  CHECK(r.out.find("more figures in replications.txt") != std::string::npos);
  CHECK(r.out.find("mean_utilization") == std::string::npos);
  const std::string table = tests::read_file(dir + "/out/replications.txt");
  CHECK(table.find("\n  resources\n") != std::string::npos);
  CHECK(table.find("resources[server1 cpu]/mean_utilization") != std::string::npos);
}

TEST_CASE("replications: the same scenario and seeds give the same replications.json and .txt, byte for byte") {
  const auto dir = tests::temp_dir("replications-determinism");
  tests::write_file(dir + "/s.json", R"({"name": "repl", "duration_s": 3, "warmup_s": 1,
    "clients": {"count": 10, "hosts": 1}, "workload": {"rate_per_s": 100}})");
  std::string json[2], table[2];
  for (int i = 0; i < 2; ++i) {
    const auto out = dir + "/out-" + std::to_string(i);
    const auto r = tests::run_zksim({"run", dir + "/s.json", "--replications", "2", "--out", out, "-q"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    json[i] = tests::read_file(out + "/replications.json");
    table[i] = tests::read_file(out + "/replications.txt");
  }
  CHECK_FALSE(json[0].empty());
  CHECK(json[0] == json[1]);
  CHECK(table[0] == table[1]);
}
