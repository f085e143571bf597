// A scenario too large for the machine's memory is refused before it runs (exit code 2, the
// estimate, the limit and the JSON path of the main cause), unless --force says otherwise.
#include <doctest/doctest.h>

#include <filesystem>

#include "sim/limits/available_memory.hpp"
#include "sim/limits/memory_estimate.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

sim::Scenario scenario_of(const std::string& json) {
  const sim::LoadResult loaded = sim::parse_scenario(json, "test.json", ".");
  REQUIRE_MESSAGE(loaded.scenario, sim::format_errors(loaded));
  return *loaded.scenario;
}

double estimate_bytes(const std::string& json) { return sim::limits::estimate_memory(scenario_of(json)).total_bytes(); }

// 10^6 clients for 30 days at 10^6 writes/s, never taking a snapshot: petabytes of logs.
constexpr const char* kAbsurd = R"({"name": "absurd", "duration_s": 2592000, "clients": {"count": 1000000, "hosts": 1000},
                                    "ensemble": {"snapshots": {"snap_count": 1e12}},
                                    "workload": {"rate_per_s": 1000000, "read_ratio": 0}})";

}  // namespace

TEST_CASE("limits: the estimate grows with clients, duration and write rate") {
  const double base = estimate_bytes(R"({"duration_s": 60, "workload": {"rate_per_s": 1000}})");
  CHECK(estimate_bytes(R"({"duration_s": 60, "clients": {"count": 100000}, "workload": {"rate_per_s": 1000}})") > base);
  CHECK(estimate_bytes(R"({"duration_s": 6000, "workload": {"rate_per_s": 1000}})") > base);
  CHECK(estimate_bytes(R"({"duration_s": 60, "workload": {"rate_per_s": 100000}})") > base);
  CHECK(estimate_bytes(R"({"duration_s": 60, "workload": {"rate_per_s": 1000, "read_ratio": 0}})") > base);
  CHECK(estimate_bytes(R"({"duration_s": 20, "workload": {"loop": "closed", "outstanding": 10}})") >
        estimate_bytes(R"({"duration_s": 20, "workload": {"loop": "closed", "outstanding": 1}})"));
  CHECK(estimate_bytes(R"({"duration_s": 60, "workload": {"rate_per_s": 1000},
                            "services": {"servers": {"count": 500}, "clients": {"count": 50000, "hosts": 500}}})") >
        base + 50000 * 3e3 + 1000.0 * 1000 * 100);  // the app nodes, and the routes of 1,000 more hosts
  CHECK(estimate_bytes(R"({"duration_s": 600, "events": [{"at_s": 10, "kind": "rate", "rate_per_s": 1000000}]})") >
        estimate_bytes(R"({"duration_s": 600})"));
}

TEST_CASE("limits: snapshots bound the logs: a day costs what an hour does, and initial data is counted") {
  const auto hour = sim::limits::estimate_memory(scenario_of(R"({"duration_s": 3600, "workload": {"rate_per_s": 10000}})"));
  const auto day = sim::limits::estimate_memory(scenario_of(R"({"duration_s": 86400, "workload": {"rate_per_s": 10000}})"));
  const auto logs = [](const sim::limits::MemoryEstimate& e) {
    for (const auto& p : e.parts)
      if (p.path == "$.workload.rate_per_s") return p.bytes;
    return 0.0;
  };
  CHECK(logs(day) == logs(hour));
  CHECK(logs(hour) < 200e6);
  const double bare = estimate_bytes(R"({"duration_s": 60})");
  CHECK(estimate_bytes(R"({"duration_s": 60, "initial_data": {"znodes": 1000000}})") > bare + 50e6);
}

TEST_CASE("limits: the refusal names the estimate, the limit and the JSON path of the main cause") {
  const auto estimate = sim::limits::estimate_memory(scenario_of(kAbsurd));
  const std::string refused = sim::limits::refusal(estimate, 16e9, "absurd.json");
  CHECK(refused.find("absurd.json: $.workload.rate_per_s: the run would need about ") == 0);
  CHECK(refused.find("more than the 16 GB available") != std::string::npos);
  CHECK(refused.find("--force") != std::string::npos);
  const auto many_clients = sim::limits::estimate_memory(scenario_of(R"({"clients": {"count": 1000000}})"));
  CHECK(sim::limits::refusal(many_clients, 1e9, "c.json").find("c.json: $.clients.count: ") == 0);
  const auto fine_intervals = sim::limits::estimate_memory(scenario_of(R"({"duration_s": 2592000, "interval_s": 0.001})"));
  CHECK(sim::limits::refusal(fine_intervals, 16e9, "i.json").find("i.json: $.interval_s: ") == 0);
}

TEST_CASE("limits: an absurd scenario is refused with exit code 2 before anything runs, by run and by compare") {
  const auto dir = tests::temp_dir("limits-absurd");
  tests::write_file(dir + "/absurd.json", kAbsurd);
  const auto r = tests::run_zksim({"run", dir + "/absurd.json", "--out", dir + "/out", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(dir + "/absurd.json: $.workload.rate_per_s: the run would need about ") != std::string::npos);
  CHECK(r.err.find("GB available") != std::string::npos);
  CHECK(r.out.empty());
  CHECK_FALSE(std::filesystem::exists(dir + "/out"));
  const auto c = tests::run_zksim({"compare", dir + "/absurd.json", "--strategies", "random,round_robin", "--out", dir + "/cmp", "-q"});
  CHECK(c.exit_code == 2);
  CHECK(c.err.find("$.workload.rate_per_s: the run would need about ") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir + "/cmp"));
}

TEST_CASE("limits: the default scenario and every README example fit in a small machine") {
  const auto markdown = tests::read_file(tests::source_path("scenarios/README.md"));
  std::vector<std::string> scenarios{tests::read_file(tests::source_path("scenarios/default.json"))};
  for (std::size_t at = markdown.find("```json\n"); at != std::string::npos; at = markdown.find("```json\n", at + 1))
    scenarios.push_back(markdown.substr(at + 8, markdown.find("```", at + 8) - at - 8));
  REQUIRE(scenarios.size() >= 10);
  for (const std::string& json : scenarios) {
    CAPTURE(json);
    const auto loaded = sim::parse_scenario(json, "example", tests::source_path("scenarios"));
    REQUIRE(loaded.scenario);
    CHECK(sim::limits::refusal(sim::limits::estimate_memory(*loaded.scenario), 1e9, "example") == "");
  }
}

TEST_CASE("limits: --force is offered to run a scenario anyway") {
  const auto r = tests::run_zksim({"run", "--help"});
  CHECK(r.out.find("--force") != std::string::npos);
}

TEST_CASE("limits: MemAvailable is read from /proc/meminfo, in bytes") {
  CHECK(sim::limits::parse_mem_available_bytes("MemTotal:  100 kB\nMemFree: 5 kB\nMemAvailable:   2048 kB\n") == 2048.0 * 1024);
  CHECK_FALSE(sim::limits::parse_mem_available_bytes("MemTotal: 100 kB\n").has_value());
  const auto available = sim::limits::available_memory_bytes();
  REQUIRE(available.has_value());  // Linux
  CHECK(*available > 0);
}
