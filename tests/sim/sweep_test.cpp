// zksim sweep and zksim merge, through the binary (each simulation is a child process of it).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "analysis/plot/gnuplot_runner.hpp"
#include "sim/sweep/adaptive_step.hpp"
#include "sim/sweep/capacity_plot.hpp"
#include "sim/sweep/search.hpp"
#include "sim/sweep/sweep_results.hpp"
#include "tests/sim/knee_plan.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

constexpr double kServiceRatePerS = 1000;  // the knee plan's server (tests/sim/knee_plan.hpp)
constexpr double kTolerance = 0.04;        // and its search's tolerance

// Four small configurations, two replications, three steps each: enough to shard unevenly.
std::string grid_plan() {
  return R"({
  "name": "grid",
  "scenario": { "name": "grid", "duration_s": 4, "warmup_s": 2, "clients": { "count": 10, "hosts": 2 },
    "profile": { "name": "slow", "reference_ghz": 2.1, "default_us": 50, "per_byte_ns": 0,
                 "message_us": { "client_request": 500 } } },
  "grid": { "servers": [1, 3], "observers": [0], "read_ratio": [0.5, 1.0], "strategy": [] },
  "replications": 2, "seed": 7, "confidence": { "max_replications": 4 },
  "slo": { "p99_ms": 50, "service_availability_percent": 99, "client_availability_percent": 99 },
  "search": { "start_rate_per_s": 400, "max_rate_per_s": 100000, "max_steps": 3 },
  "target_rate_per_s": 1000
})";
}

const char* kOutputs[] = {"sweep.json",         "sweep.csv",          "summary.txt",       "plots/capacity.dat",
                          "plots/capacity.gp",  "plots/knee-0.dat",   "plots/knee-3.gp",   "report.html"};

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

TEST_CASE("sweep: bound is budget, not found, when the steps run out before the bracket is within the tolerance") {
  const double knee = 1234;
  const auto evaluate = [&](double rate) { return sim::sweep::Step{rate, {}, rate <= knee}; };
  // 100, 200, 400, 800 pass, 1600 fails, 1200 passes: bracketed, but [1200, 1600) is 33% wide.
  const sim::sweep::SearchSpec spec{100, 1, 1e6, 0.01, 6};
  const auto outcome = sim::sweep::search_capacity(spec, evaluate);
  REQUIRE(outcome.steps.size() == 6);
  CHECK(outcome.capacity_per_s == 1200);
  CHECK(outcome.bound == sim::sweep::Bound::budget);
  REQUIRE(outcome.failing_step >= 0);
  CHECK(outcome.steps[static_cast<std::size_t>(outcome.failing_step)].rate_per_s == 1600);
  // The same search with the steps to narrow it says found.
  const auto narrowed = sim::sweep::search_capacity({100, 1, 1e6, 0.01, 30}, evaluate);
  CHECK(narrowed.bound == sim::sweep::Bound::found);
  const double high = narrowed.steps[static_cast<std::size_t>(narrowed.failing_step)].rate_per_s;
  CHECK((high - narrowed.capacity_per_s) / narrowed.capacity_per_s <= 0.01);
}

namespace {

sim::sweep::RunResult run_with_p99(double p99_ms, double availability_percent = 100) {
  return {1000, p99_ms, p99_ms / 4, availability_percent, availability_percent};
}

// p99 of replication k, drawn from a fixed cycle: what a batch of the rule's replications gives.
sim::sweep::RunBatch cycle_of(std::vector<double> p99_ms) {
  return [p99_ms](int first, int count) {
    std::vector<sim::sweep::RunResult> runs;
    for (int k = first; k < first + count; ++k) runs.push_back(run_with_p99(p99_ms[static_cast<std::size_t>(k) % p99_ms.size()]));
    return runs;
  };
}

}  // namespace

TEST_CASE("sweep: a rate whose mean p99 meets the SLO but whose interval's upper end does not is not passing") {
  sim::sweep::Slo slo;
  slo.p99_ms = 20;
  // Mean 19.5 ms, under the SLO; the interval over two runs reaches far above it.
  const auto straddling = sim::sweep::slo_intervals({run_with_p99(15), run_with_p99(24)});
  CHECK(straddling.p99_ms.mean < slo.p99_ms);
  CHECK(straddling.p99_ms.high() > slo.p99_ms);
  CHECK(sim::sweep::verdict_of(straddling, slo) == sim::sweep::Verdict::undecided);
  CHECK(sim::sweep::undecided_reason(straddling, slo).find("p99 [") == 0);
  CHECK(sim::sweep::verdict_of(sim::sweep::slo_intervals({run_with_p99(15), run_with_p99(15.2)}), slo) ==
        sim::sweep::Verdict::meets);
  CHECK(sim::sweep::verdict_of(sim::sweep::slo_intervals({run_with_p99(40), run_with_p99(41)}), slo) ==
        sim::sweep::Verdict::fails);
  // An availability: the lower end of its interval must meet the objective.
  const auto availability = sim::sweep::slo_intervals({run_with_p99(5, 99.2), run_with_p99(5, 98.9)});
  CHECK(availability.service_percent.mean >= slo.service_availability_percent);
  CHECK(sim::sweep::verdict_of(availability, slo) == sim::sweep::Verdict::undecided);
  // Through the replication rule, the search sees an undecided step as failing.
  const sim::sweep::ReplicationRule rule{2, {0.1, 2}, slo};
  const sim::sweep::Step step = sim::sweep::evaluate_step(100, rule, cycle_of({15, 24}));
  CHECK(step.verdict == sim::sweep::Verdict::undecided);
  CHECK_FALSE(step.meets);
}

TEST_CASE("sweep: replications are added in batches until the interval is narrow enough, and stop at the cap") {
  sim::sweep::Slo slo;
  slo.p99_ms = 20;
  const sim::sweep::ReplicationRule rule{3, {0.1, 10}, slo};
  // Runs scattered around the SLO: never narrow enough, never decided; stops at the cap.
  const sim::sweep::Step scattered = sim::sweep::evaluate_step(100, rule, cycle_of({12, 28, 19}));
  CHECK(scattered.runs.size() == 10);
  CHECK(scattered.verdict == sim::sweep::Verdict::undecided);
  CHECK_FALSE(scattered.meets);
  // Runs that agree: the first batch is narrow enough.
  const sim::sweep::Step steady = sim::sweep::evaluate_step(100, rule, cycle_of({10, 10.1, 10.2}));
  CHECK(steady.runs.size() == 3);
  CHECK(steady.verdict == sim::sweep::Verdict::meets);
  // A decisive failure needs no more runs: its figures are never reported.
  const sim::sweep::Step overloaded = sim::sweep::evaluate_step(100, rule, cycle_of({200, 400, 300}));
  CHECK(overloaded.runs.size() == 3);
  CHECK(overloaded.verdict == sim::sweep::Verdict::fails);
  // A pass that is still wide gets more runs until it is narrow: 6 here (the second batch).
  const sim::sweep::Step narrowing = sim::sweep::evaluate_step(100, rule, cycle_of({9, 10, 11, 10, 10, 10}));
  CHECK(narrowing.runs.size() == 6);
  CHECK(narrowing.verdict == sim::sweep::Verdict::meets);
}

TEST_CASE("sweep: the capacity found is the saturation rate set by construction") {
  const std::string dir = tests::temp_dir("sweep-knee");
  tests::write_file(dir + "/plan.json", tests::knee_plan());
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
  CHECK(config["at_capacity"]["p99_ms"]["high"].get<double>() <= 100);  // the interval's upper end, not just its mean
  CHECK(config["capacity_bracket_per_s"]["high"].get<double>() <= capacity * (1 + kTolerance));
  const auto replications = config["replications_at_capacity"].get<int>();
  CHECK(replications >= 2);
  CHECK(replications <= 4);
  for (const auto& step : config["steps"]) {
    CHECK((step["verdict"] == "meets" || step["verdict"] == "fails" || step["verdict"] == "undecided"));
    CHECK(step["meets"].get<bool>() == (step["verdict"] == "meets"));
  }
  // One read ratio: a bar per ensemble, with the target and the SLO drawn.
  const std::string gp = tests::read_file(dir + "/out/plots/capacity.gp");
  CHECK(gp.find("boxerrorbars") != std::string::npos);
  CHECK(gp.find("target 500.0 req/s") != std::string::npos);
  CHECK(gp.find("SLO: p99 <= 100.000 ms") != std::string::npos);
  // The knee plot of the configuration: every step the search ran, by offered rate.
  const std::string knee = tests::read_file(dir + "/out/plots/knee-0.dat");
  CHECK(static_cast<std::size_t>(std::count(knee.begin(), knee.end(), '\n')) == 2 + config["steps"].size());
  CHECK(tests::read_file(dir + "/out/plots/knee-0.gp").find("axes x1y2") != std::string::npos);
  if (analysis::find_program("gnuplot")) {
    CHECK(std::filesystem::file_size(dir + "/out/plots/knee-0.png") > 0);
    CHECK(std::filesystem::file_size(dir + "/out/plots/capacity.png") > 0);
  }
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

TEST_CASE("sweep: the SLO's request deadline is every run's, so that client availability counts late answers as failed") {
  const auto with = sim::sweep::parse_plan(R"({"scenario": {}, "slo": {"p99_ms": 50, "request_timeout_ms": 200}})", "p.json", ".");
  REQUIRE_MESSAGE(with.plan.has_value(), sim::sweep::format_plan_errors(with));
  const auto scenario = nlohmann::json::parse(sim::sweep::scenario_text(*with.plan, sim::sweep::configurations(*with.plan)[0], 100));
  CHECK(scenario["workload"]["request_timeout_ms"] == 200.0);
  const auto without = sim::sweep::parse_plan(R"({"scenario": {"workload": {"request_timeout_ms": 900}}})", "p.json", ".");
  REQUIRE(without.plan.has_value());
  CHECK(nlohmann::json::parse(sim::sweep::scenario_text(*without.plan, sim::sweep::configurations(*without.plan)[0], 100))
            ["workload"]["request_timeout_ms"] == 900);  // the base scenario's stays
}

TEST_CASE("sweep: the extra dimensions expand into configurations, each setting its member of the scenario") {
  const auto result = sim::sweep::parse_plan(R"({
  "scenario": { "ensemble": { "servers": 3 }, "clients": { "count": 10, "hosts": 2 } },
  "grid": { "clients": [10, 40], "value_bytes": [128], "tick_ms": [500, 2000], "sync_limit": [2],
            "host": [{ "cpu_ghz": 3.0, "fsync_ms": 0.5 }],
            "datacenters": [[{ "name": "east" }, { "name": "west", "latency_us": 300 }]],
            "placement": [["east", "east", "west"]] } })",
                                             "plan.json", ".");
  REQUIRE_MESSAGE(result.plan.has_value(), sim::sweep::format_plan_errors(result));
  const auto configs = sim::sweep::configurations(*result.plan);
  REQUIRE(configs.size() == 4);  // clients outside tick_ms: the extra dimensions in their fixed order
  const auto scenario = nlohmann::json::parse(sim::sweep::scenario_text(*result.plan, configs[3], 100));
  CHECK(scenario["clients"]["count"] == 40);
  CHECK(scenario["clients"]["hosts"] == 2);  // what the grid does not set stays
  CHECK(scenario["workload"]["value_bytes"] == 128);
  CHECK(scenario["ensemble"]["tick_ms"] == 2000);
  CHECK(scenario["ensemble"]["sync_limit"] == 2);
  CHECK(scenario["ensemble"]["host"]["fsync_ms"] == 0.5);
  CHECK(scenario["network"]["datacenters"][1]["name"] == "west");
  CHECK(scenario["ensemble"]["placement"][2] == "west");
  CHECK(nlohmann::json::parse(sim::sweep::scenario_text(*result.plan, configs[1], 100))["ensemble"]["tick_ms"] == 2000);
  CHECK(nlohmann::json::parse(sim::sweep::scenario_text(*result.plan, configs[1], 100))["clients"]["count"] == 10);
  const auto axes = sim::sweep::axes_of(result.plan->grid);
  CHECK(sim::sweep::extra_labels(axes, configs[3]).find("clients 40, value_bytes 128, tick_ms 2000") == 0);
}

TEST_CASE("sweep: bad values of the extra dimensions are reported at their path in the plan, exit code 2") {
  const std::string dir = tests::temp_dir("sweep-bad-dimensions");
  tests::write_file(dir + "/plan.json", R"({
  "scenario": { "ensemble": { "servers": 3 } },
  "grid": { "servers": [3, 5], "clients": [10, "many"], "tick_ms": [0], "sync_limit": [2],
            "host": [{ "cpu_gz": 3 }], "datacenters": [[{ "name": "east" }]], "placement": [["east", "east", "east"]] } })");
  const auto r = tests::run_zksim({"sweep", dir + "/plan.json", "--out", dir + "/out"});
  CAPTURE(r.err);
  CHECK(r.exit_code == 2);
  for (const char* what : {"$.grid.clients[1]: expected", "$.grid.tick_ms[0]: value 0 is out of range (in configuration 0)",
                           "$.grid.host[0].cpu_gz: unknown key", "$.grid.placement[0]: lists 3 datacenters for 5 servers"}) {
    CAPTURE(what);
    CHECK(r.err.find(what) != std::string::npos);
  }
  CHECK(r.err.find("$.grid.sync_limit") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir + "/out"));
  // Not a list of values.
  tests::write_file(dir + "/plan2.json", R"({ "scenario": {}, "grid": { "value_bytes": -1, "datacenters": [], "sync_limit": [null] } })");
  const auto r2 = tests::run_zksim({"sweep", dir + "/plan2.json", "--out", dir + "/out"});
  CAPTURE(r2.err);
  CHECK(r2.exit_code == 2);
  CHECK(r2.err.find("$.grid.value_bytes: expected a non-empty array, got an integer (the values of workload.value_bytes to try)") != std::string::npos);
  CHECK(r2.err.find("$.grid.datacenters: expected a non-empty array, got an empty one") != std::string::npos);
  CHECK(r2.err.find("$.grid.sync_limit[0]: expected a value, got null") != std::string::npos);
}

TEST_CASE("sweep: when no rate meets the SLO, no capacity image is written and the sweep says so") {
  const std::string dir = tests::temp_dir("sweep-none");
  tests::write_file(dir + "/plan.json", R"({
  "name": "none",
  "scenario": { "name": "none", "duration_s": 2, "warmup_s": 1, "ensemble": { "servers": 1 },
    "clients": { "count": 4, "hosts": 1 }, "workload": { "read_ratio": 1.0 } },
  "replications": 2,
  "slo": { "p99_ms": 0.001 },
  "search": { "start_rate_per_s": 200, "min_rate_per_s": 50, "max_rate_per_s": 1000, "max_steps": 2 } })");
  const auto r = tests::run_zksim({"sweep", dir + "/plan.json", "--out", dir + "/out", "--jobs", "2", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.find("no configuration met the SLO at any rate tried") != std::string::npos);
  CHECK(r.out.find(" none ") != std::string::npos);
  // The capacity (0) lies below the lowest rate tried, which failed.
  CHECK(tests::read_json(dir + "/out/sweep.json")["configurations"][0]["capacity_bracket_per_s"]["high"] == 100.0);
  for (const char* file : {"capacity.png", "capacity.svg", "capacity.gp"}) {
    CAPTURE(file);
    CHECK_FALSE(std::filesystem::exists(dir + "/out/plots/" + file));
  }
  CHECK(tests::read_file(dir + "/out/plots/capacity.dat").find("nothing to plot") != std::string::npos);
  // The knee plot still shows the steps the search ran.
  CHECK(tests::read_file(dir + "/out/plots/knee-0.dat").find(" fails\n") != std::string::npos);
  // The same plan and seed again, with another --jobs: the same bytes.
  const auto again = tests::run_zksim({"sweep", dir + "/plan.json", "--out", dir + "/again", "--jobs", "1", "-q"});
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  for (const char* file : {"sweep.json", "sweep.csv", "summary.txt", "plots/capacity.dat", "plots/knee-0.dat", "plots/knee-0.gp"}) {
    CAPTURE(file);
    CHECK(tests::read_file(dir + "/again/" + file) == tests::read_file(dir + "/out/" + file));
  }
}

TEST_CASE("sweep: the shipped capacity plan is valid") {
  const auto loaded = sim::sweep::load_plan_file(tests::source_path("scenarios/plans/capacity_example.json"));
  REQUIRE_MESSAGE(loaded.plan.has_value(), sim::sweep::format_plan_errors(loaded));
  CHECK(loaded.plan->confidence.max_replications >= loaded.plan->replications);
  CHECK(sim::sweep::configurations(*loaded.plan).size() == 4);
}

TEST_CASE("sweep: the table names every undecided rate, counted as failing, with the interval that straddled") {
  const auto loaded = sim::sweep::parse_plan(R"({ "scenario": {}, "replications": 2,
    "confidence": { "max_replications": 2 }, "slo": { "p99_ms": 20 },
    "search": { "start_rate_per_s": 100, "max_rate_per_s": 1000, "tolerance": 0.5, "max_steps": 8 } })",
                                             "plan.json", ".");
  REQUIRE_MESSAGE(loaded.plan.has_value(), sim::sweep::format_plan_errors(loaded));
  const sim::sweep::Plan& plan = *loaded.plan;
  // Runs agree below 150 req/s; at 150 and above, one replication in two is slow: its interval
  // straddles the SLO although the mean (19.5 ms) meets it.
  sim::sweep::ConfigResult result{sim::sweep::configurations(plan).at(0), "scenario", {}, "scenario"};
  result.outcome = sim::sweep::search_capacity(plan.search, [&](double rate) {
    return sim::sweep::evaluate_step(rate, sim::sweep::replication_rule(plan),
                                     rate < 150 ? cycle_of({10, 10.1}) : cycle_of({15, 24}));
  });
  CHECK(result.outcome.capacity_per_s == 100);
  CHECK(result.outcome.steps.at(1).verdict == sim::sweep::Verdict::undecided);
  sim::sweep::SweepData data = sim::sweep::sweep_data(plan);
  data.results.push_back(result);
  const std::string table = sim::sweep::sweep_table(data);
  CHECK(table.find("undecided, counted as failing: configuration 0 at 200.0 req/s after 2 replications: p99 [") !=
        std::string::npos);
  CHECK(table.find("] ms straddles 20.000") != std::string::npos);
}
