// Balancing strategies from the scenario (clients.strategy, services) and `zksim compare`, end to
// end through the command line.
#include <doctest/doctest.h>

#include <filesystem>

#include "models/client/app_ids.hpp"
#include "sim/compare/compare.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/load_services.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

const nlohmann::json& strategy_row(const nlohmann::json& compare, const std::string& name) {
  for (const auto& row : compare.at("strategies"))
    if (row.at("strategy") == name) return row;
  FAIL("no row for " << name);
  static const nlohmann::json none;
  return none;
}

}  // namespace

TEST_CASE("discovery: the scenario reads strategies with their options and the services section") {
  const auto result = sim::parse_scenario(R"({
    "clients": {"strategy": {"name": "bounded_load_hash", "virtual_nodes": 40, "load_bound_factor": 1.5}},
    "services": {"name": "api", "servers": {"count": 3, "cpu_ghz": [1.05]},
                 "clients": {"strategy": {"name": "least_loaded", "load_staleness_ms": 20}}},
    "events": [{"at_s": 5, "kind": "crash", "app_server": 3},
               {"at_s": 6, "kind": "strategy", "strategy": "power_of_two"},
               {"at_s": 7, "kind": "strategy", "strategy": "random", "of": "clients"}]})",
                                          "s.json", ".");
  REQUIRE(result.scenario.has_value());
  const sim::Scenario& s = *result.scenario;
  CHECK(s.clients.strategy.name == "bounded_load_hash");
  CHECK(s.clients.strategy.options.virtual_nodes == 40);
  CHECK(s.clients.strategy.options.load_bound_factor == 1.5);
  CHECK(s.services.enabled);
  CHECK(s.services.path() == "/services/api");
  CHECK(s.services.clients.strategy.options.load_staleness_ns == models::ms(20));
  CHECK(s.events[0].server == models::app_server_id(3));
  CHECK(s.events[1].app_clients);        // with services, a switch is the app clients' by default
  CHECK_FALSE(s.events[2].app_clients);  // unless it names the sessions' level
  // The default of each level: ZooKeeper's own host provider, Curator's round robin.
  const auto plain = sim::parse_scenario("{}", "p.json", ".");
  CHECK(plain.scenario->clients.strategy.name == "zk_host_provider");
  CHECK(plain.scenario->services.clients.strategy.name == "round_robin");
  CHECK_FALSE(plain.scenario->services.enabled);
}

TEST_CASE("discovery: membership changes of app servers are their crashes and restarts, in time order") {
  const auto result = sim::parse_scenario(R"({"services": {"servers": {"count": 4}},
    "events": [{"at_s": 2, "kind": "slow_cpu", "app_server": 1, "factor": 2},
               {"at_s": 3, "kind": "crash", "app_server": 2},
               {"at_s": 4, "kind": "crash", "app_server": 2},
               {"at_s": 5, "kind": "restart", "app_server": 2}]})",
                                          "m.json", ".");
  REQUIRE(result.scenario.has_value());
  const auto changes = sim::membership_changes(*result.scenario);
  REQUIRE(changes.size() == 2);  // slow_cpu changes nothing; crashing a dead server neither
  CHECK(changes[0].before.size() == 4);
  CHECK(changes[0].after.size() == 3);
  CHECK(changes[0].label == "app 2 leaves (crash at 3 s)");
  CHECK(changes[1].after.size() == 4);
  CHECK(changes[1].label == "app 2 returns (restart at 5 s)");
  CHECK(sim::membership_changes(*sim::parse_scenario("{}", "p.json", ".").scenario).empty());
}

// The shipped scenario: app server 2 slows down 4x (its 240 requests/s exceed its new capacity of
// 125/s), app server 4 crashes at 20 s with a 4 s session timeout.
TEST_CASE("discovery: load-aware strategies protect tail latency, and dead-backend requests stop after expiry and watch") {
  const std::string dir = tests::temp_dir("compare-discovery");
  const auto r = tests::run_zksim({"compare", tests::source_path("scenarios/discovery_slow_and_crash.json"),
                                   "--strategies", "round_robin,least_loaded,power_of_two", "--out", dir, "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("requests to dead backends") != std::string::npos);
  const auto compare = tests::read_json(dir + "/compare.json");
  CHECK(compare["schema"] == "zksim.compare/1");
  CHECK(compare["level"] == "app_clients");
  const auto& rr = strategy_row(compare, "round_robin");
  for (const char* load_aware : {"least_loaded", "power_of_two"}) {
    CAPTURE(load_aware);
    const auto& row = strategy_row(compare, load_aware);
    CHECK(row["latency_ms"]["p99"].get<double>() < rr["latency_ms"]["p99"].get<double>() / 2);
    CHECK(row["availability_percent"].get<double>() > rr["availability_percent"].get<double>());
    CHECK(row["dead_backend_requests"].get<int>() < rr["dead_backend_requests"].get<int>());
  }
  for (const auto& row : compare["strategies"]) {
    CAPTURE(row["strategy"]);
    CHECK(row["completed"] == true);
    CHECK(row["requests_per_server"].size() == 5);
    CHECK(row["dead_backend_requests"].get<int>() > 0);
    // Requests reach the dead backend until its 4 s session expires and the watch event reaches
    // the clients. Expiry comes s after the app server's last ping (at most s/3 before the crash),
    // rounded up to the leader's next 2 s tick.
    const double used_s = row["dead_backend_used_s"].get<double>();
    CHECK(used_s > 4.0 * 2 / 3);
    CHECK(used_s < 4.0 + 2.0 + 0.5);
    CHECK(row["moved_fraction"].size() == 1);
  }
  // Round robin sends every backend the same share until the crash: app 4 gets less only because
  // it is dead for the last 15 s.
  const auto& loads = rr["requests_per_server"];
  CHECK(loads[0].get<double>() == doctest::Approx(loads[1].get<double>()).epsilon(0.01));
  CHECK(loads[3].get<double>() < loads[0].get<double>() * 0.7);
  CHECK(std::filesystem::exists(dir + "/compare.csv"));
  CHECK(std::filesystem::exists(dir + "/power_of_two/report.json"));
}

TEST_CASE("discovery: without services, compare balances the ZooKeeper clients' sessions and has no membership change") {
  const std::string dir = tests::temp_dir("compare-sessions");
  tests::write_file(dir + "/s.json", R"({"name": "sessions", "duration_s": 8, "warmup_s": 3,
    "clients": {"count": 30, "hosts": 2}, "workload": {"rate_per_s": 300}})");
  const auto r = tests::run_zksim({"compare", dir + "/s.json", "--strategies", "zk_host_provider,modulo_hash",
                                   "--out", dir + "/out", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto compare = tests::read_json(dir + "/out/compare.json");
  CHECK(compare["level"] == "clients");
  const auto& a = strategy_row(compare, "zk_host_provider");
  const auto& b = strategy_row(compare, "modulo_hash");
  CHECK(a["moved_fraction"] == "n/a");
  CHECK(a["requests_per_server"].size() == 3);
  CHECK(a["requests_per_server"] != b["requests_per_server"]);  // the strategy reached the clients
  CHECK(a["dead_backend_requests"].is_null());
  CHECK(r.out.find("n/a") != std::string::npos);
}

TEST_CASE("discovery: compare refuses unknown strategies with exit code 2") {
  const auto r = tests::run_zksim({"compare", tests::source_path("scenarios/discovery_slow_and_crash.json"),
                                   "--strategies", "round_robin,fastest"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--strategies[1]: unknown strategy 'fastest'") != std::string::npos);
}

TEST_CASE("discovery: a strategy event switches the app clients' strategy during the run") {
  const std::string dir = tests::temp_dir("strategy-event");
  const std::string base = tests::read_file(tests::source_path("scenarios/discovery_slow_and_crash.json"));
  nlohmann::json s = nlohmann::json::parse(base);
  s["events"] = nlohmann::json::array({{{"at_s", 10}, {"kind", "slow_cpu"}, {"app_server", 2}, {"factor", 4}},
                                       {{"at_s", 12}, {"kind", "strategy"}, {"strategy", "least_loaded"}}});
  const auto switched = tests::run_report("switched", s.dump());
  s["events"].erase(1);
  const auto plain = tests::run_report("plain", s.dump());
  // After the switch the slow server stops drowning: fewer requests go to it and fewer fail.
  const auto& sw = switched["service_discovery"];
  const auto& pl = plain["service_discovery"];
  CHECK(sw["requests_by_app_server"]["2"].get<double>() < 0.8 * pl["requests_by_app_server"]["2"].get<double>());
  CHECK(sw["requests_failed"].get<double>() < pl["requests_failed"].get<double>() / 2);
}

TEST_CASE("discovery: a run with services and strategy switches of both levels is traced and replays exactly") {
  const std::string dir = tests::temp_dir("discovery-trace");
  nlohmann::json s = nlohmann::json::parse(tests::read_file(tests::source_path("scenarios/discovery_slow_and_crash.json")));
  s["duration_s"] = 16;
  s["clients"] = {{"count", 10}, {"hosts", 2}};
  s["events"] = nlohmann::json::array(
      {{{"at_s", 8}, {"kind", "strategy"}, {"strategy", {{"name", "least_loaded"}, {"load_staleness_ms", 5}}}},
       {{"at_s", 9}, {"kind", "strategy"}, {"strategy", "random"}, {"of", "clients"}},
       {{"at_s", 10}, {"kind", "crash"}, {"app_server", 1}}});
  tests::write_file(dir + "/s.json", s.dump());
  const auto run = tests::run_zksim({"run", dir + "/s.json", "--out", dir + "/out", "-q", "--trace", dir + "/t.ndjson"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(tests::read_file(dir + "/t.ndjson").find("\"set_strategy\"") != std::string::npos);
  const auto replay = tests::run_zksim({"replay", dir + "/t.ndjson"});
  CHECK_MESSAGE(replay.exit_code == 0, replay.err);
}

TEST_CASE("discovery: for sessions, compare reports the clients each ensemble membership change moved") {
  const std::string dir = tests::temp_dir("compare-membership");
  tests::write_file(dir + "/s.json", R"({"name": "grow", "duration_s": 6, "warmup_s": 1,
    "clients": {"count": 40, "hosts": 2}, "workload": {"rate_per_s": 200},
    "events": [{"at_s": 2, "kind": "grow", "factor": 1.67}]})");
  const auto r = tests::run_zksim({"compare", dir + "/s.json", "--strategies", "zk_host_provider,random", "--out",
                                   dir + "/out", "-q"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto compare = tests::read_json(dir + "/out/compare.json");
  for (const auto& row : compare["strategies"]) {
    CAPTURE(row["strategy"]);
    REQUIRE(row["moved_fraction"].size() == 1);
    // Growing 3 -> 5, ZOOKEEPER-1355 moves each client with probability 1 - 3/5: 16 of 40 expected.
    const double moved = row["moved_fraction"][0]["fraction"].get<double>();
    CHECK(moved > 0.15);
    CHECK(moved < 0.7);
  }
  CHECK(r.out.find("moved: grow") != std::string::npos);
}
