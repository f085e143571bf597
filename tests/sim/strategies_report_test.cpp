// report.json's strategies section: the balancing strategies a run used, with the options each reads.
#include <doctest/doctest.h>

#include "tests/sim/zksim_process.hpp"

TEST_CASE("strategies: report.json records both levels' strategies with their options, and their switches") {
  const auto dir = tests::temp_dir("strategies-report");
  tests::write_file(dir + "/s.json", R"({"name": "strategies", "duration_s": 4, "warmup_s": 1,
    "clients": {"count": 6, "hosts": 1, "rebalance": false,
                "strategy": {"name": "bounded_load_hash", "virtual_nodes": 40, "load_bound_factor": 1.5}},
    "workload": {"rate_per_s": 50},
    "services": {"servers": {"count": 2}, "clients": {"count": 2, "hosts": 1, "rate_per_s": 100,
                 "strategy": {"name": "sticky", "sticky_inner": "least_loaded", "load_staleness_ms": 20}}},
    "events": [{"at_s": 3, "kind": "strategy", "strategy": "round_robin"},
               {"at_s": 3.5, "kind": "strategy", "strategy": {"name": "maglev", "maglev_table_size": 251}, "of": "clients"}]})");
  const auto run = tests::run_zksim({"run", dir + "/s.json", "--out", dir + "/out", "-q"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto report = tests::read_json(dir + "/out/report.json");
  const auto& s = report["strategies"];
  CHECK(s["clients"] == nlohmann::json::parse(R"({"strategy": "bounded_load_hash",
    "options": {"virtual_nodes": 40, "load_bound_factor": 1.5}, "rebalance": false})"));
  CHECK(s["app_clients"] == nlohmann::json::parse(R"({"strategy": "sticky",
    "options": {"sticky_inner": "least_loaded", "load_staleness_ms": 20.0}})"));
  CHECK(s["changes"] == nlohmann::json::parse(R"([
    {"at_s": 3.0, "of": "app_clients", "strategy": "round_robin", "options": {}},
    {"at_s": 3.5, "of": "clients", "strategy": "maglev", "options": {"maglev_table_size": 251}}])"));
  // Right after the run section, where a reader looks for what the run was asked to do.
  const std::string text = tests::read_file(dir + "/out/report.json");
  CHECK(text.find("\n  \"strategies\"") > text.find("\n  \"run\""));
  CHECK(text.find("\n  \"strategies\"") < text.find("\n  \"summary\""));
}

TEST_CASE("strategies: without services, report.json has the sessions' strategy only") {
  const auto report = tests::run_report("strategies-default", R"({"name": "plain", "duration_s": 2, "warmup_s": 1,
    "clients": {"count": 4, "hosts": 1}, "workload": {"rate_per_s": 20}})");
  CHECK(report["strategies"] == nlohmann::json::parse(R"({"clients": {"strategy": "zk_host_provider", "options": {},
    "rebalance": true}})"));
}
