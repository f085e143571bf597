#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;

TEST_CASE("balancing: round_robin with equal weights gives exactly equal counts") {
  Rng rng(1);
  auto rr = make("round_robin");
  const auto members = servers(1, 7);
  rr->set_members(members, rng);
  std::map<NodeId, int> counts;
  for (int i = 0; i < 7 * 1000; ++i) {
    counts[rr->pick({}, rng)] += 1;
    // Every window of n consecutive picks visits every member once.
    if ((i + 1) % 7 == 0) {
      for (const auto& [id, c] : counts) CHECK(c == (i + 1) / 7);
    }
  }
  CHECK(counts.size() == 7);
  for (const auto& [id, c] : counts) CHECK(c == 1000);
}

TEST_CASE("balancing: round_robin starts at a random index") {
  std::set<NodeId> first_picks;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    Rng rng(seed);
    auto rr = make("round_robin");
    rr->set_members(servers(1, 5), rng);
    first_picks.insert(rr->pick({}, rng));
  }
  CHECK(first_picks.size() == 5);  // 40 draws miss one of 5 starts with probability 5 x 0.8^40
}

// Earliest-deadline-first with deadline += 1/weight is a stride schedule: after t picks from the
// start of the schedule, member i has t x w_i / W picks within one. The random start skips some
// turns, so counts measured from the first returned pick are a difference of two such prefixes and
// lie within two of the exact share at every prefix, hence the bound of 2 (no statistics here).
TEST_CASE("balancing: weighted round_robin keeps counts proportional to weights at every prefix") {
  const std::vector<Member> members = {{1, 1.0}, {2, 2.0}, {3, 3.0}, {4, 4.0}, {5, 0.5}};
  double total_weight = 0;
  for (const Member& m : members) total_weight += m.weight;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    Rng rng(seed);
    auto rr = make("round_robin");
    rr->set_members(members, rng);
    std::map<NodeId, double> counts;
    double lag_max = 0;
    for (int t = 1; t <= 21'000; ++t) {
      counts[rr->pick({}, rng)] += 1;
      for (const Member& m : members) {
        lag_max = std::max(lag_max, std::abs(counts[m.id] - t * m.weight / total_weight));
      }
    }
    CHECK(lag_max <= 2.0);
    CHECK(counts[4] == doctest::Approx(8000).epsilon(0.0003));
    if (seed == 0) MESSAGE("weighted round_robin: largest lag behind exact share = " << lag_max);
  }
}
