#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "models/balancing/strategy.hpp"
#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;
using models::balancing::LoadTable;

namespace {

// Balls into bins: n requests that never finish over n servers; returns the fullest server's count.
double max_load_balls_into_bins(std::string_view name, std::uint32_t n, std::uint64_t seed) {
  Rng rng(seed);
  auto strategy = make(name);
  strategy->set_members(servers(1, n), rng);
  LoadTable load;
  std::uint64_t max_load = 0;
  for (std::uint32_t ball = 0; ball < n; ++ball) {
    const NodeId chosen = strategy->pick({ball, 0, &load}, rng);
    load.add(chosen, 1);
    max_load = std::max(max_load, load.active_requests(chosen));
  }
  return static_cast<double>(max_load);
}

}  // namespace

// n = 1000 balls into 1000 bins, 30 seeded trials. Random's maximum is about ln n / ln ln n (3.6)
// to leading order and 5 to 7 in practice at this n; two choices give ln ln n / ln 2 + O(1)
// (2.8 + O(1)), 3 or 4 in practice. The checks leave room either side of those figures.
TEST_CASE("balancing: power_of_two's max load is clearly below random's on n balls in n bins") {
  constexpr int kTrials = 30;
  double random_sum = 0, two_sum = 0, random_min = 1e9, two_max = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    const double r = max_load_balls_into_bins("random", 1000, 100 + trial);
    const double p = max_load_balls_into_bins("power_of_two", 1000, 100 + trial);
    random_sum += r;
    two_sum += p;
    random_min = std::min(random_min, r);
    two_max = std::max(two_max, p);
    CHECK(r >= 4);
    CHECK(r <= 10);
    CHECK(p <= 5);
  }
  const double random_mean = random_sum / kTrials, two_mean = two_sum / kTrials;
  MESSAGE("n=1000 balls/bins: random max load mean " << random_mean << " (min " << random_min
                                                     << "), power_of_two mean " << two_mean
                                                     << " (max " << two_max << ")");
  CHECK(two_mean + 1.5 <= random_mean);
  CHECK(two_max < random_min + 0.5);  // every two-choice trial beats every random one or ties
}

// Counts are multinomial: member i's count is Binomial(N, p_i) with standard deviation
// sqrt(N p_i (1 - p_i)), at most 155 for N = 100,000 and p = 0.4. Five standard deviations per
// member keeps a false failure below 1e-5 for any seed while still catching a share off by 1%.
TEST_CASE("balancing: weighted_random counts are proportional to weights") {
  Rng rng(7);
  auto strategy = make("weighted_random");
  const std::vector<Member> members = {{1, 1.0}, {2, 2.0}, {3, 3.0}, {4, 4.0}};
  strategy->set_members(members, rng);
  constexpr double kDraws = 100'000;
  std::map<NodeId, double> counts;
  for (int i = 0; i < kDraws; ++i) counts[strategy->pick({}, rng)] += 1;
  for (const Member& m : members) {
    const double p = m.weight / 10.0;
    const double sd = std::sqrt(kDraws * p * (1 - p));
    CHECK(std::abs(counts[m.id] - kDraws * p) <= 5 * sd);
  }
}

// Same derivation as above with p = 1/10 for each of 10 members.
TEST_CASE("balancing: random is uniform over members") {
  Rng rng(8);
  auto strategy = make("random");
  strategy->set_members(servers(1, 10), rng);
  constexpr double kDraws = 100'000;
  std::map<NodeId, double> counts;
  for (int i = 0; i < kDraws; ++i) counts[strategy->pick({}, rng)] += 1;
  const double sd = std::sqrt(kDraws * 0.1 * 0.9);
  for (const auto& [id, c] : counts) CHECK(std::abs(c - kDraws / 10) <= 5 * sd);
}

// Envoy's score weight / (active + 1) settles when active + 1 is proportional to weight, and any
// member ahead of its share loses every comparison until the others catch up, so with requests
// that never finish the loads stay within a few requests of weight x 1000; 2% is far above that.
TEST_CASE("balancing: power_of_two with unequal weights loads members in proportion to weight") {
  Rng rng(9);
  auto strategy = make("power_of_two");
  const std::vector<Member> members = {{1, 1.0}, {2, 1.0}, {3, 2.0}, {4, 4.0}};
  strategy->set_members(members, rng);
  LoadTable load;
  for (int i = 0; i < 8000; ++i) load.add(strategy->pick({0, 0, &load}, rng), 1);
  MESSAGE("power_of_two weights 1,1,2,4 after 8000 picks: "
          << load.active_requests(1) << ", " << load.active_requests(2) << ", "
          << load.active_requests(3) << ", " << load.active_requests(4));
  for (const Member& m : members) {
    CHECK(static_cast<double>(load.active_requests(m.id)) ==
          doctest::Approx(1000 * m.weight).epsilon(0.02));
  }
}
