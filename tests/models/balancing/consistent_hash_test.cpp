#include <doctest/doctest.h>

#include <cmath>

#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;
using models::balancing::StrategyOptions;

// The new server's share is Beta-distributed around 1/(n+1) with relative standard deviation about
// 1/sqrt(k) = 0.1 for k = 100, so the moved fraction is checked within 35% of 1/(n+1) (3.5 sd);
// that every moved key went to the new server is exact.
TEST_CASE(
    "balancing: consistent_hash n -> n+1 moves about 1/(n+1) of keys, only to the new server") {
  Rng rng(1);
  auto strategy = make("consistent_hash");
  strategy->set_members(servers(1, 10), rng);
  const auto before = assign(*strategy, 200'000, rng);
  strategy->set_members(servers(1, 11), rng);
  const auto after = assign(*strategy, 200'000, rng);
  const Remap remap = compare(before, after, 11);
  MESSAGE("consistent_hash k=100, 10 -> 11: moved " << remap.moved_fraction << " (ideal "
                                                    << 1.0 / 11 << ")");
  CHECK(remap.only_to_new);
  CHECK(remap.moved_fraction == doctest::Approx(1.0 / 11).epsilon(0.35));
}

TEST_CASE("balancing: consistent_hash removal moves only the removed server's keys") {
  Rng rng(2);
  auto strategy = make("consistent_hash");
  strategy->set_members(servers(1, 11), rng);
  const auto before = assign(*strategy, 100'000, rng);
  auto members = servers(1, 11);
  members.erase(members.begin() + 4);  // server 5 leaves
  strategy->set_members(members, rng);
  const auto after = assign(*strategy, 100'000, rng);
  std::uint64_t wrong = 0;  // counted, then checked once: a CHECK per key would dominate the time
  for (std::size_t i = 0; i < before.size(); ++i) {
    if ((before[i] != 5 && after[i] != before[i]) || after[i] == 5) ++wrong;
  }
  CHECK(wrong == 0);
}

// A server with k points on a ring of N = n k uniform points owns a Beta(k, N - k) share, whose
// relative variance is (N - k) / (k (N + 1)), about (1 - 1/n) / k. Counting K keys adds multinomial
// noise of relative variance n / K. The CV measured over n = 100 servers is itself uncertain by
// about 1/sqrt(2n) = 7%, so 25% (3.5 of those) is the tolerance.
TEST_CASE("balancing: consistent_hash relative std-dev of load is about 1/sqrt(k)") {
  constexpr std::uint32_t kServers = 100;
  constexpr std::uint64_t kKeys = 1'000'000;
  for (std::uint32_t k : {10u, 100u, 1000u}) {
    StrategyOptions options;
    options.virtual_nodes = k;
    Rng rng(k);
    auto strategy = make("consistent_hash", options);
    strategy->set_members(servers(1, kServers), rng);
    const auto stats = load_stats(assign(*strategy, kKeys, rng), strategy->members());
    const double expected =
        std::sqrt((1.0 - 1.0 / kServers) / k + static_cast<double>(kServers) / kKeys);
    MESSAGE("consistent_hash k=" << k << ": CV " << stats.cv << " (expected " << expected
                                 << "), max/mean " << stats.max / stats.mean);
    CHECK(stats.cv == doctest::Approx(expected).epsilon(0.25));
  }
}

// With k points a server's share is close to Gamma(k, 1/k) times the mean; for k = 10 the
// reference quotes about 1% of servers below 0.37x or above 1.98x the mean (Gamma(10): 0.6% below
// and 0.5% above). Over 1,000 servers that is about 11 servers, Poisson-distributed, so the check
// accepts 2 to 30 (both tails beyond 2.7 standard deviations). Counting 1,000 keys per server adds
// a CV of 0.03, small beside the ring's 0.32.
TEST_CASE("balancing: consistent_hash with k = 10 leaves about 1% of servers far from the mean") {
  constexpr std::uint32_t kServers = 1000;
  StrategyOptions options;
  options.virtual_nodes = 10;
  Rng rng(10);
  auto strategy = make("consistent_hash", options);
  strategy->set_members(servers(1, kServers), rng);
  const auto owners = assign(*strategy, 1'000'000, rng);
  std::vector<double> counts(kServers + 1, 0);
  for (NodeId owner : owners) counts[owner] += 1;
  int outliers = 0;
  for (NodeId id = 1; id <= kServers; ++id) {
    if (counts[id] < 0.37 * 1000 || counts[id] > 1.98 * 1000) ++outliers;
  }
  MESSAGE("consistent_hash k=10: " << outliers << " of 1000 servers below 0.37x or above 1.98x");
  CHECK(outliers >= 2);
  CHECK(outliers <= 30);
}
