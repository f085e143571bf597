#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;

// Each key independently prefers the new server with probability 1/(n+1), so the moved count is
// Binomial(K, 1/11): 5 standard deviations are 5 sqrt(p (1-p) / K) = 0.0032 for K = 200,000.
TEST_CASE("balancing: rendezvous n -> n+1 moves about 1/(n+1) of keys, only to the new server") {
  Rng rng(1);
  auto strategy = make("rendezvous");
  strategy->set_members(servers(1, 10), rng);
  constexpr double kKeys = 200'000;
  const auto before = assign(*strategy, kKeys, rng);
  strategy->set_members(servers(1, 11), rng);
  const auto after = assign(*strategy, kKeys, rng);
  const Remap remap = compare(before, after, 11);
  const double p = 1.0 / 11;
  MESSAGE("rendezvous 10 -> 11: moved " << remap.moved_fraction << " (ideal " << p << ")");
  CHECK(remap.only_to_new);
  CHECK(std::abs(remap.moved_fraction - p) <= 5 * std::sqrt(p * (1 - p) / kKeys));
}

TEST_CASE("balancing: rendezvous removal moves only the removed server's keys") {
  Rng rng(2);
  auto strategy = make("rendezvous");
  strategy->set_members(servers(1, 11), rng);
  const auto before = assign(*strategy, 50'000, rng);
  auto members = servers(1, 11);
  members.erase(members.begin() + 6);  // server 7 leaves
  strategy->set_members(members, rng);
  const auto after = assign(*strategy, 50'000, rng);
  std::uint64_t wrong = 0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if ((before[i] != 7 && after[i] != before[i]) || after[i] == 7) ++wrong;
  }
  CHECK(wrong == 0);
}

// Weighted score -w / ln(u): member i wins with probability w_i / W. Binomial tolerance as above,
// largest standard deviation sqrt(K 0.4 0.6) = 155 for K = 100,000.
TEST_CASE("balancing: weighted rendezvous gives shares proportional to weights") {
  Rng rng(3);
  auto strategy = make("rendezvous");
  const std::vector<Member> members = {{1, 1.0}, {2, 2.0}, {3, 3.0}, {4, 4.0}};
  strategy->set_members(members, rng);
  constexpr double kKeys = 100'000;
  std::map<NodeId, double> counts;
  for (NodeId owner : assign(*strategy, kKeys, rng)) counts[owner] += 1;
  for (const Member& m : members) {
    const double p = m.weight / 10;
    CHECK(std::abs(counts[m.id] - kKeys * p) <= 5 * std::sqrt(kKeys * p * (1 - p)));
  }
}
