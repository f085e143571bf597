// zksim merge checks what shard files hold: every configuration of the grid exactly once, each
// index in range and in its shard, each result what the plan's search makes of its steps. The
// shards here are made without simulating (a synthetic evaluation of each rate), then edited.
#include <doctest/doctest.h>

#include <filesystem>

#include "sim/sweep/adaptive_step.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/sweep_results.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

// Four configurations (servers 1 and 3, read ratios 0.5 and 1), two replications.
constexpr const char* kPlan = R"({
  "name": "grid",
  "scenario": { "name": "grid", "duration_s": 4, "warmup_s": 2, "clients": { "count": 10, "hosts": 2 } },
  "grid": { "servers": [1, 3], "observers": [0], "read_ratio": [0.5, 1.0] },
  "replications": 2, "seed": 7,
  "slo": { "p99_ms": 50, "service_availability_percent": 99, "client_availability_percent": 99 },
  "search": { "start_rate_per_s": 400, "max_rate_per_s": 100000, "max_steps": 4 },
  "target_rate_per_s": 1000
})";

// p99 grows with the rate over the configuration's servers (capacity about 1,000 req/s per
// server), 1 ms apart between odd and even replications; as many replications as the plan's
// confidence rule asks for.
sim::sweep::Step evaluate(const sim::sweep::Plan& plan, const sim::sweep::Configuration& c, double rate) {
  return sim::sweep::evaluate_step(rate, sim::sweep::replication_rule(plan), [&](int first, int count) {
    std::vector<sim::sweep::RunResult> runs;
    for (int k = first; k < first + count; ++k)
      runs.push_back({rate, rate / 20 / c.servers + k % 2, rate / 40 / c.servers, 100, 100});
    return runs;
  });
}

// The shard files of the plan cut in two, written into dir; their JSON.
std::vector<nlohmann::ordered_json> write_shards(const std::string& dir) {
  const sim::sweep::PlanResult loaded = sim::sweep::parse_plan(kPlan, "plan.json", dir);
  REQUIRE(loaded.plan);
  const sim::sweep::Plan& plan = *loaded.plan;
  std::vector<nlohmann::ordered_json> shards;
  for (int shard = 0; shard < 2; ++shard) {
    sim::sweep::SweepData data = sim::sweep::sweep_data(plan);
    for (const sim::sweep::Configuration& c : sim::sweep::configurations(plan)) {
      if (static_cast<int>(c.index % 2) != shard) continue;
      sim::sweep::ConfigResult result{c, "scenario", {}, "scenario"};
      result.outcome = sim::sweep::search_capacity(plan.search, [&](double rate) { return evaluate(plan, c, rate); });
      data.results.push_back(result);
    }
    shards.push_back(sim::sweep::shard_json(data, shard, 2));
    tests::write_file(dir + "/shard-" + std::to_string(shard) + ".json", shards.back().dump(2));
  }
  return shards;
}

tests::ProcessResult merge(const std::string& dir, const nlohmann::ordered_json& shard0) {
  tests::write_file(dir + "/edited.json", shard0.dump(2));
  return tests::run_zksim({"merge", dir + "/edited.json", dir + "/shard-1.json", "--out", dir + "/merged"});
}

}  // namespace

TEST_CASE("merge: shards whose results were edited are refused (exit 2), naming the file and what is wrong") {
  const std::string dir = tests::temp_dir("merge-checks");
  const auto shards = write_shards(dir);
  const auto good = tests::run_zksim({"merge", dir + "/shard-0.json", dir + "/shard-1.json", "--out", dir + "/merged"});
  REQUIRE_MESSAGE(good.exit_code == 0, good.err);
  CHECK(good.out.find("recommendation") != std::string::npos);
  const std::string edited = "zksim merge: " + dir + "/edited.json: ";
  SUBCASE("a configuration twice and one missing, the count unchanged") {
    auto shard = shards[0];
    shard["results"][1] = shard["results"][0];  // configuration 0 twice, configuration 2 gone
    const auto r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(edited + "$.results[1].index: configuration 0 is given twice") != std::string::npos);
  }
  SUBCASE("a configuration missing") {
    auto shard = shards[0];
    shard["results"].erase(1);
    const auto r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("zksim merge: " + dir + "/edited.json: configuration 2 of the grid is missing") != std::string::npos);
  }
  SUBCASE("an index outside the grid, or in another shard") {
    auto shard = shards[0];
    shard["results"][1]["index"] = 98;
    auto r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(edited + "$.results[1].index: 98 is outside the grid (0 to 3)") != std::string::npos);
    shard = shards[0];
    shard["results"][1]["index"] = 3;
    r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(edited + "$.results[1]: configuration 3 of the grid is not what this result says it is") !=
          std::string::npos);
  }
  SUBCASE("a capacity edited") {
    auto shard = shards[0];
    shard["results"][0]["capacity_per_s"] = 5000.0;
    const auto r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(edited + "$.results[0]: its steps give capacity 800") != std::string::npos);
  }
  SUBCASE("a run's latency edited across the SLO: its interval asks for more replications than recorded") {
    auto shard = shards[0];
    auto& run = shard["results"][0]["steps"][0]["runs"][0];
    run["p99_ms"] = 500.0;
    const auto r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CAPTURE(r.err);
    CHECK(r.err.find(edited + "$.results[0].steps[0].runs: holds 4 replications, where the plan's confidence rule asks for more") !=
          std::string::npos);
  }
  SUBCASE("a verdict edited") {
    auto shard = shards[0];
    shard["results"][0]["steps"][0]["verdict"] = "undecided";
    const auto r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CAPTURE(r.err);
    CHECK(r.err.find(edited + "$.results[0].steps[0].verdict: says \"undecided\", but the intervals of its runs say \"meets\"") !=
          std::string::npos);
  }
  SUBCASE("a step's replications, or the grid, changed") {
    auto shard = shards[0];
    shard["results"][0]["steps"][1]["runs"].erase(1);
    auto r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CAPTURE(r.err);
    CHECK(r.err.find(edited + "$.results[0].steps[1].runs: holds 3 replications, where the plan's confidence rule stops at 2") !=
          std::string::npos);
    shard["results"][0]["steps"][1]["runs"].erase(1);
    shard["results"][0]["steps"][1]["runs"].erase(1);  // one run left
    r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(edited + "$.results[0].steps[1].runs: expected between the plan's 2 and 10 replications") != std::string::npos);
    shard = shards[0];
    shard["grid"]["servers"] = {1, 5};
    r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(edited + "$.results[1]: configuration 2 of the grid is not what this result says it is") !=
          std::string::npos);
    shard = shards[0];
    shard["seed"] = 8;
    r = merge(dir, shard);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(dir + "/shard-1.json: has another search, SLO, confidence rule, seed or target (compared with " + dir +
                     "/edited.json)") != std::string::npos);
  }
}
