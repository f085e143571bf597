#include "models/balancing/registry.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "models/balancing/strategy.hpp"
#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;
using models::balancing::LoadTable;
using models::balancing::make_strategy;
using models::balancing::strategy_names;
using models::balancing::StrategyOptions;

TEST_CASE("balancing: every listed name builds the strategy of that name") {
  CHECK(strategy_names().size() == 14);
  for (std::string_view name : strategy_names()) {
    auto made = make_strategy(name, {});
    REQUIRE_MESSAGE(made.strategy != nullptr, made.error);
    CHECK(made.error.empty());
    CHECK(made.strategy->name() == name);
  }
}

TEST_CASE("balancing: unknown names and bad options come back as messages") {
  auto unknown = make_strategy("least_connections", {});
  CHECK(unknown.strategy == nullptr);
  CHECK(unknown.error.find("unknown strategy 'least_connections'") != std::string::npos);
  CHECK(unknown.error.find("power_of_two") != std::string::npos);  // the known names are listed

  StrategyOptions options;
  options.maglev_table_size = 65536;
  CHECK(make_strategy("maglev", options).error.find("maglev_table_size") != std::string::npos);
  CHECK(make_strategy("random", options).strategy != nullptr);  // options of others are not checked
  options = {};
  options.load_bound_factor = 0.9;
  CHECK(make_strategy("bounded_load_hash", options).error.find("load_bound_factor") !=
        std::string::npos);
  options = {};
  options.virtual_nodes = 0;
  CHECK(make_strategy("consistent_hash", options).strategy == nullptr);
  options = {};
  options.sticky_inner = "sticky";
  CHECK(make_strategy("sticky", options).strategy == nullptr);
  options.sticky_inner = "nope";
  CHECK(make_strategy("sticky", options).error.find("sticky_inner: unknown strategy") == 0);
}

TEST_CASE("balancing: with no members every strategy picks no node") {
  for (std::string_view name : strategy_names()) {
    Rng rng(1);
    auto strategy = make(name);
    strategy->set_members({}, rng);
    CHECK(strategy->pick({}, rng) == models::kNoNode);
  }
}

namespace {

// A run mixing loads, time, membership changes and listing order; returns every pick.
std::vector<NodeId> scripted_run(std::string_view name, std::uint64_t seed, bool reversed) {
  Rng rng(seed);
  auto strategy = make(name);
  auto members = servers(1, 12);
  members[3].weight = 2.5;
  auto listed = [&](std::vector<Member> m) {
    if (reversed) std::reverse(m.begin(), m.end());
    return m;
  };
  strategy->set_members(listed(members), rng);
  LoadTable load;
  std::vector<NodeId> picks;
  for (std::uint64_t i = 0; i < 600; ++i) {
    if (i == 300) {
      members.erase(members.begin() + 5);
      members.push_back({40, 1.0});
      strategy->set_members(listed(members), rng);
    }
    picks.push_back(
        strategy->pick({i * 7919, models::ms(static_cast<std::int64_t>(i)), &load}, rng));
    load.add(picks.back(), 1);
    if (i >= 20) load.add(picks[i - 20], -1);
  }
  return picks;
}

}  // namespace

TEST_CASE("balancing: every strategy is a pure function of seed and inputs, not of listing order") {
  for (std::string_view name : strategy_names()) {
    CAPTURE(name);
    const auto a = scripted_run(name, 42, false);
    CHECK(a == scripted_run(name, 42, false));
    CHECK(a == scripted_run(name, 42, true));
  }
}
