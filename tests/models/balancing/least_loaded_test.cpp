#include <doctest/doctest.h>

#include <set>

#include "models/balancing/strategy.hpp"
#include "models/core/time.hpp"
#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;
using models::ms;
using models::balancing::LoadTable;

// One pick per millisecond for a second; requests never finish, so the true load only grows.
TEST_CASE("balancing: least_loaded with stale load information herds") {
  models::balancing::StrategyOptions options;
  options.load_staleness_ns = ms(100);
  Rng rng(3);
  auto strategy = make("least_loaded", options);
  strategy->set_members(servers(1, 10), rng);
  LoadTable load;
  std::set<NodeId> herded_on;
  for (int period = 0; period < 10; ++period) {
    std::set<NodeId> chosen_in_period;
    for (int i = 0; i < 100; ++i) {
      const NodeId chosen = strategy->pick({0, ms(period * 100 + i), &load}, rng);
      load.add(chosen, 1);
      chosen_in_period.insert(chosen);
    }
    CHECK(chosen_in_period.size() == 1);  // every pick of the period went to one server
    herded_on.insert(*chosen_in_period.begin());
  }
  CHECK(herded_on.size() == 10);  // each new snapshot shows a different idle server
  for (NodeId id = 1; id <= 10; ++id) CHECK(load.active_requests(id) == 100);
}

TEST_CASE("balancing: least_loaded with fresh load information balances exactly") {
  Rng rng(4);
  auto strategy = make("least_loaded");  // staleness 0: a fresh snapshot on every pick
  strategy->set_members(servers(1, 10), rng);
  LoadTable load;
  for (int i = 0; i < 1000; ++i) {
    load.add(strategy->pick({0, ms(i), &load}, rng), 1);
    std::uint64_t lo = UINT64_MAX, hi = 0;
    for (NodeId id = 1; id <= 10; ++id) {
      lo = std::min(lo, load.active_requests(id));
      hi = std::max(hi, load.active_requests(id));
    }
    CHECK(hi - lo <= 1);
  }
}

// With stale information and requests that do finish, the herd shows as a peak far above the
// fresh strategy's: each period dumps its arrivals on one server.
TEST_CASE("balancing: least_loaded's peak load grows with staleness") {
  auto peak = [](models::Time staleness_ns) {
    models::balancing::StrategyOptions options;
    options.load_staleness_ns = staleness_ns;
    Rng rng(5);
    auto strategy = make("least_loaded", options);
    strategy->set_members(servers(1, 10), rng);
    LoadTable load;
    std::vector<NodeId> in_flight;  // each request lasts 50 picks (50 ms)
    std::uint64_t peak_load = 0;
    for (int i = 0; i < 2000; ++i) {
      if (in_flight.size() == 50) {
        load.add(in_flight.front(), -1);
        in_flight.erase(in_flight.begin());
      }
      const NodeId chosen = strategy->pick({0, ms(i), &load}, rng);
      load.add(chosen, 1);
      in_flight.push_back(chosen);
      peak_load = std::max(peak_load, load.active_requests(chosen));
    }
    return peak_load;
  };
  const auto fresh = peak(0), stale = peak(ms(40));
  MESSAGE("least_loaded peak with 50 in flight over 10 servers: fresh " << fresh << ", 40 ms stale "
                                                                        << stale);
  CHECK(fresh <= 6);
  CHECK(stale >= 30);
}
