// zksim sweep and zksim merge, through the binary (each simulation is a child process of it).
#include <doctest/doctest.h>

#include <filesystem>

#include "sim/sweep/search.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

// One server whose only CPU cost is 1 ms per client request: it serves at most 1,000 requests/s,
// and an open-loop load above that makes the queue (and p99) grow without bound.
constexpr double kServiceRatePerS = 1000;
constexpr double kTolerance = 0.04;

std::string knee_plan() {
  return R"({
  "name": "knee",
  "scenario": { "name": "knee", "duration_s": 8, "warmup_s": 3,
    "ensemble": { "servers": 1 }, "clients": { "count": 20, "hosts": 1 },
    "profile": { "name": "fixed-1ms", "reference_ghz": 2.1, "default_us": 0, "per_byte_ns": 0,
                 "message_us": { "client_request": 1000 } },
    "workload": { "read_ratio": 1.0 } },
  "replications": 2,
  "slo": { "p99_ms": 100, "service_availability_percent": 99, "client_availability_percent": 99 },
  "search": { "start_rate_per_s": 300, "min_rate_per_s": 10, "max_rate_per_s": 4000, "tolerance": 0.04, "max_steps": 12 },
  "target_rate_per_s": 500
})";
}

// Four small configurations, two replications, three steps each: enough to shard unevenly.
std::string grid_plan() {
  return R"({
  "name": "grid",
  "scenario": { "name": "grid", "duration_s": 4, "warmup_s": 2, "clients": { "count": 10, "hosts": 2 },
    "profile": { "name": "slow", "reference_ghz": 2.1, "default_us": 50, "per_byte_ns": 0,
                 "message_us": { "client_request": 500 } } },
  "grid": { "servers": [1, 3], "observers": [0], "read_ratio": [0.5, 1.0], "strategy": [] },
  "replications": 2, "seed": 7,
  "slo": { "p99_ms": 50, "service_availability_percent": 99, "client_availability_percent": 99 },
  "search": { "start_rate_per_s": 400, "max_rate_per_s": 100000, "max_steps": 3 },
  "target_rate_per_s": 1000
})";
}

const char* kOutputs[] = {"sweep.json", "sweep.csv", "summary.txt", "plots/capacity.dat", "plots/capacity.gp"};

}  // namespace

TEST_CASE("sweep: the search brackets, then bisects to the tolerance, within the step budget") {
  const double knee = 1234;
  sim::sweep::SearchSpec spec{100, 1, 1e6, 0.01, 30};
  const auto outcome = sim::sweep::search_capacity(spec, [&](double rate) {
    sim::sweep::Step s;
    s.meets = rate <= knee;
    return s;
  });
  CHECK(outcome.bound == sim::sweep::Bound::found);
  CHECK(outcome.capacity_per_s <= knee);
  CHECK(outcome.capacity_per_s >= knee / (1 + spec.tolerance));
  spec.max_steps = 4;
  const auto short_search = sim::sweep::search_capacity(spec, [&](double rate) { return sim::sweep::Step{rate, {}, rate <= knee}; });
  CHECK(short_search.steps.size() == 4);
  CHECK(short_search.bound == sim::sweep::Bound::budget);
  CHECK(short_search.capacity_per_s == 800);
}

TEST_CASE("sweep: the capacity found is the saturation rate set by construction") {
  const std::string dir = tests::temp_dir("sweep-knee");
  tests::write_file(dir + "/plan.json", knee_plan());
  const auto r = tests::run_zksim({"sweep", dir + "/plan.json", "--out", dir + "/out", "--jobs", "2", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const nlohmann::json result = tests::read_json(dir + "/out/sweep.json");
  const auto& config = result["configurations"][0];
  const double capacity = config["capacity_per_s"].get<double>();
  // The search stops within kTolerance of the knee it saw; a finite run blurs the knee of the
  // queue (p99 crosses 100 ms a little below saturation) by about as much again.
  CHECK(capacity <= kServiceRatePerS);
  CHECK(capacity >= kServiceRatePerS * (1 - 2 * kTolerance));
  CHECK(config["bound"] == "found");
  CHECK(config["at_capacity"]["p99_ms"]["mean"].get<double>() <= 100);
  CHECK(config["at_capacity"]["throughput_per_s"]["ci95"].is_number());
  CHECK(r.out.find("recommendation (read 100.0%, profile scenario, target 500.0 req/s): 1 server, 0 observers") !=
        std::string::npos);
  CHECK(std::filesystem::exists(dir + "/out/plots/capacity.gp"));
  CHECK_FALSE(std::filesystem::exists(dir + "/out/runs-0"));
}

TEST_CASE("sweep: shard outputs merged equal the unsharded run byte for byte") {
  const std::string dir = tests::temp_dir("sweep-shards");
  tests::write_file(dir + "/plan.json", grid_plan());
  const auto whole = tests::run_zksim({"sweep", dir + "/plan.json", "--out", dir + "/whole", "--jobs", "2", "-q"});
  REQUIRE_MESSAGE(whole.exit_code == 0, whole.err);
  for (const char* shard : {"0/3", "1/3", "2/3"}) {
    const auto part = tests::run_zksim({"sweep", dir + "/plan.json", "--out", dir + "/shards", "--shard", shard, "-q"});
    REQUIRE_MESSAGE(part.exit_code == 0, part.err);
  }
  const auto merged = tests::run_zksim({"merge", dir + "/shards/shard-2-of-3.json", dir + "/shards/shard-0-of-3.json",
                                        dir + "/shards/shard-1-of-3.json", "--out", dir + "/merged"});
  REQUIRE_MESSAGE(merged.exit_code == 0, merged.err);
  CHECK(merged.out == whole.out.substr(0, whole.out.find("\n  results:")) +
                          merged.out.substr(merged.out.find("\n  results:")));
  for (const char* file : kOutputs) {
    CAPTURE(file);
    const std::string expected = tests::read_file(dir + "/whole/" + file);
    CHECK(!expected.empty());
    CHECK(tests::read_file(dir + "/merged/" + file) == expected);
  }
  const auto missing = tests::run_zksim({"merge", dir + "/shards/shard-0-of-3.json", "--out", dir + "/bad"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("shard 1 of 3 is missing") != std::string::npos);
}

TEST_CASE("sweep: bad plans are reported with their JSON paths and exit code 2") {
  const std::string dir = tests::temp_dir("sweep-bad");
  tests::write_file(dir + "/plan.json", R"({
  "scenario": { "ensemble": { "servers": 3 }, "events": [ { "at_s": 1, "kind": "crash", "server": 3 } ] },
  "grid": { "servers": [1, "five"], "read_ratio": [1.5], "strategy": ["round_robin", "fastest"], "profile": ["nowhere.json"] },
  "replications": 0,
  "slo": { "p99_ms": -1, "latency": 3 },
  "colour": "blue"
})");
  const auto r = tests::run_zksim({"sweep", dir + "/plan.json", "--out", dir + "/out"});
  CHECK(r.exit_code == 2);
  for (const char* path : {"$.grid.servers[1]: expected an integer", "$.grid.read_ratio[0]: out of range",
                           "$.grid.strategy[1]: unknown strategy 'fastest'", "$.grid.profile[0]: cannot read profile file",
                           "$.replications", "$.slo.p99_ms", "$.slo.latency: unknown key", "$.colour: unknown key"}) {
    CAPTURE(path);
    CHECK(r.err.find(path) != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(dir + "/out"));
  // An event naming server 3 cannot run in the 1-server configuration of the grid.
  tests::write_file(dir + "/plan2.json", R"({
  "scenario": { "ensemble": { "servers": 3 }, "events": [ { "at_s": 1, "kind": "crash", "server": 3 } ] },
  "grid": { "servers": [1, 3] } })");
  const auto r2 = tests::run_zksim({"sweep", dir + "/plan2.json"});
  CHECK(r2.exit_code == 2);
  CHECK(r2.err.find("$.grid: configuration 0 (servers 1, observers 0): $.events[0].server") != std::string::npos);
  const auto r3 = tests::run_zksim({"sweep", dir + "/plan.json", "--shard", "3/3"});
  CHECK(r3.exit_code == 2);
  CHECK(r3.err.find("--shard 3/3") != std::string::npos);
}

TEST_CASE("sweep: the strategy dimension makes one configuration per strategy, each setting clients.strategy") {
  const auto result = sim::sweep::parse_plan(R"({
  "scenario": { "clients": { "strategy": { "name": "consistent_hash", "virtual_nodes": 20 } } },
  "grid": { "servers": [3, 5], "strategy": ["round_robin", "consistent_hash"] } })",
                                             "plan.json", ".");
  REQUIRE_MESSAGE(result.plan.has_value(), sim::sweep::format_plan_errors(result));
  const auto configs = sim::sweep::configurations(*result.plan);
  REQUIRE(configs.size() == 4);  // servers outermost, strategy innermost
  CHECK(configs[1].servers == 3);
  CHECK(configs[1].strategy == 1);
  const auto scenario = nlohmann::json::parse(sim::sweep::scenario_text(*result.plan, configs[1], 100));
  CHECK(scenario["clients"]["strategy"]["name"] == "consistent_hash");
  CHECK(scenario["clients"]["strategy"]["virtual_nodes"] == 20);  // the base scenario's options stay
  CHECK(nlohmann::json::parse(sim::sweep::scenario_text(*result.plan, configs[2], 100))["clients"]["strategy"]["name"] ==
        "round_robin");
  // Without the dimension each configuration keeps the base scenario's strategy.
  const auto plain = sim::sweep::parse_plan(R"({"scenario": {}, "grid": {"strategy": []}})", "p.json", ".");
  REQUIRE(plain.plan.has_value());
  const auto one = sim::sweep::configurations(*plain.plan);
  REQUIRE(one.size() == 1);
  CHECK_FALSE(nlohmann::json::parse(sim::sweep::scenario_text(*plain.plan, one[0], 100))["clients"].contains("strategy"));
}
