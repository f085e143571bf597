// A strategy's "weights" option: per server or app server, or "cpu" from each one's host speed.
#include <doctest/doctest.h>

#include "models/client/app_ids.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/node_configs.hpp"
#include "tests/sim/bad_scenario.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

const tests::BadScenario kBadWeights[] = {
    {R"({"clients": {"strategy": {"name": "weighted_random", "weights": {"4": 2}}}})",
     "$.clients.strategy.weights.4", "no server \"4\""},
    {R"({"clients": {"strategy": {"name": "weighted_random", "weights": {"one": 2}}}})",
     "$.clients.strategy.weights.one", "servers are numbered 1 to 3"},
    {R"({"clients": {"strategy": {"name": "weighted_random", "weights": {"1": 0}}}})",
     "$.clients.strategy.weights.1", "must be a number > 0"},
    {R"({"clients": {"strategy": {"name": "round_robin", "weights": {"2": -1.5}}}})",
     "$.clients.strategy.weights.2", "must be a number > 0"},
    {R"({"clients": {"strategy": {"name": "weighted_random", "weights": {"1": "big"}}}})",
     "$.clients.strategy.weights.1", "must be a number > 0"},
    {R"({"clients": {"strategy": {"name": "weighted_random", "weights": "gpu"}}})",
     "$.clients.strategy.weights", "an object of weights or \"cpu\""},
    {R"({"services": {"servers": {"count": 2}, "clients": {"strategy": {"name": "weighted_round_robin", "weights": {"3": 1}}}}})",
     "$.services.clients.strategy.weights.3", "no app server \"3\""},
    {R"({"events": [{"at_s": 1, "kind": "strategy", "strategy": {"name": "weighted_random", "weights": {"7": 1}}}]})",
     "$.events[0].strategy.weights.7", "no server \"7\""},
};

sim::Scenario parsed(const char* json) {
  auto result = sim::parse_scenario(json, "test.json", ".");
  for (const auto& e : result.errors) FAIL_CHECK(e.path << ": " << e.message);
  REQUIRE(result.scenario.has_value());
  return *result.scenario;
}

}  // namespace

TEST_CASE("weights: a bad id or weight is refused with its JSON path") {
  for (const tests::BadScenario& c : kBadWeights) tests::check_refused(c);
}

TEST_CASE("weights: zksim run refuses bad weights as bad input, exit code 2") {
  const auto dir = tests::temp_dir("bad-weights");
  tests::write_file(dir + "/s.json", kBadWeights[2].json);
  const auto run = tests::run_zksim({"run", dir + "/s.json", "--out", dir + "/out", "-q"});
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("$.clients.strategy.weights.1") != std::string::npos);
}

TEST_CASE("weights: servers and app servers by number, the ones not listed weigh 1") {
  const sim::Scenario s = parsed(R"({"clients": {"strategy": {"name": "weighted_random", "weights": {"1": 3}}},
    "services": {"servers": {"count": 3}, "clients": {"strategy": {"name": "weighted_round_robin", "weights": {"2": 5}}}}})");
  CHECK(s.clients.strategy.options.weights == std::map<models::NodeId, double>{{1, 3.0}});
  const std::map<models::NodeId, double> app = {{models::app_server_id(2), 5.0}};
  CHECK(s.services.clients.strategy.options.weights == app);
  const auto configs = sim::node_configs(s);  // what the clients get: plain numbers
  REQUIRE_FALSE(configs.app_clients.empty());
  CHECK(configs.app_clients.front().strategy_options.weights == app);
  CHECK(configs.clients.front().strategy_options.weights == s.clients.strategy.options.weights);
}

// Host speeds relative to the level's default host: 4.2 GHz against services.servers.host's 2.1
// weighs 2, an app server without a speed of its own weighs 1.
TEST_CASE("weights: \"cpu\" weighs each app server by its host's cpu_ghz") {
  const sim::Scenario s = parsed(R"({"services": {"servers": {"count": 3, "host": {"cpu_ghz": 2.1},
    "cpu_ghz": [4.2, 1.05]}, "clients": {"strategy": {"name": "weighted_random", "weights": "cpu"}}}})");
  const auto& weights = s.services.clients.strategy.options.weights;
  CHECK(weights.at(models::app_server_id(1)) == doctest::Approx(2.0));
  CHECK(weights.at(models::app_server_id(2)) == doctest::Approx(0.5));
  CHECK(weights.at(models::app_server_id(3)) == doctest::Approx(1.0));
  CHECK(s.services.clients.strategy.weights_from_cpu);
}

// A server's override gives its host a speed of its own; "cpu" weighs it against the ensemble's host.
TEST_CASE("weights: \"cpu\" weighs each server by its host's cpu_ghz") {
  const sim::Scenario s = parsed(R"({"ensemble": {"servers": 3, "host": {"cpu_ghz": 2},
    "overrides": [{"server": 2, "cpu_ghz": 6}]}, "clients": {"strategy": {"name": "weighted_round_robin", "weights": "cpu"}}})");
  CHECK(s.ensemble.host_of(2).cpu_ghz == 6);
  CHECK(s.clients.strategy.options.weights == std::map<models::NodeId, double>{{1, 1.0}, {2, 3.0}, {3, 1.0}});
}
