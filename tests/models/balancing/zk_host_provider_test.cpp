#include "models/balancing/zk_host_provider.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

#include "models/balancing/zk_rebalance.hpp"
#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;
using models::balancing::zk_rebalance_target;
using models::balancing::ZkHostProvider;

namespace {

std::vector<NodeId> ids(NodeId first, NodeId last) {
  std::vector<NodeId> out;
  for (NodeId id = first; id <= last; ++id) out.push_back(id);
  return out;
}

std::vector<Member> as_members(const std::vector<NodeId>& list) {
  std::vector<Member> members;
  for (NodeId id : list) members.push_back({id, 1.0});
  return members;
}

// 10,000 clients as in ZooKeeper's StaticHostProviderTest, each with its own provider and its own
// generator stream, each connected to the server its provider picked first.
struct Clients {
  explicit Clients(const std::vector<NodeId>& list, std::uint64_t seed) {
    for (std::uint64_t i = 0; i < kCount; ++i) {
      rngs.push_back(Rng::for_stream(seed, i));
      providers.emplace_back();
      providers.back().set_members(as_members(list), rngs.back());
      connected.push_back(providers.back().pick({}, rngs.back()));
    }
  }
  // updateServerList on every client; the ones told to move reconnect. Returns how many moved.
  std::uint64_t change(const std::vector<NodeId>& list) {
    std::uint64_t moved = 0;
    for (std::uint64_t i = 0; i < kCount; ++i) {
      if (!providers[i].set_members(as_members(list), rngs[i])) continue;
      connected[i] = providers[i].pick({}, rngs[i]);
      ++moved;
    }
    return moved;
  }
  std::map<NodeId, std::uint64_t> per_server() const {
    std::map<NodeId, std::uint64_t> counts;
    for (NodeId server : connected) counts[server] += 1;
    return counts;
  }
  static constexpr std::uint64_t kCount = 10'000;
  std::vector<Rng> rngs;
  std::vector<ZkHostProvider> providers;
  std::vector<NodeId> connected;
};

// ZooKeeper's bounds: every server within (1 +- 10%) x numClients / numServers, none elsewhere.
void check_balanced(const Clients& clients, const std::vector<NodeId>& list) {
  const auto counts = clients.per_server();
  const double mean = static_cast<double>(Clients::kCount) / static_cast<double>(list.size());
  CHECK(counts.size() == list.size());
  double worst = 0;
  for (NodeId server : list) {
    const double c = counts.count(server) ? static_cast<double>(counts.at(server)) : 0;
    worst = std::max(worst, std::abs(c - mean) / mean);
    CHECK(c <= 1.1 * mean);
    CHECK(c >= 0.9 * mean);
  }
  MESSAGE(list.size() << " servers: largest deviation from the mean " << worst * 100 << "%");
}

}  // namespace

TEST_CASE("balancing: zk_host_provider keeps 10,000 clients within 10% through 9-8-6-8-9") {
  const auto nine = ids(1, 9), eight = ids(1, 8), six = ids(1, 6), other_eight = ids(2, 9);
  Clients clients(nine, 1355);
  check_balanced(clients, nine);
  for (const auto& list : {eight, six, other_eight, nine}) {
    clients.change(list);
    check_balanced(clients, list);
  }
}

// A client on a kept server moves with probability 1 - 9/10: Binomial(10,000, 0.1), mean 1,000,
// standard deviation 30; ZooKeeper's bound of 1,100 is 3.3 of them.
TEST_CASE("balancing: zk_host_provider going 9 -> 10 servers moves fewer than 1,100 clients") {
  Clients clients(ids(1, 9), 2012);
  const std::uint64_t moved = clients.change(ids(1, 10));
  MESSAGE("9 -> 10 servers: " << moved << " of 10,000 clients moved");
  CHECK(moved < 1100);
  CHECK(moved > 900);
  CHECK(clients.per_server()[10] == moved);  // everyone who moved went to the new server
  check_balanced(clients, ids(1, 10));
}

TEST_CASE("balancing: zk_host_provider walks its shuffled connect string round robin") {
  std::set<std::vector<NodeId>> orders;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    Rng rng(seed);
    ZkHostProvider provider;
    provider.set_members(as_members(ids(1, 5)), rng);
    std::vector<NodeId> walk;
    for (int i = 0; i < 15; ++i) walk.push_back(provider.pick({}, rng));
    const std::vector<NodeId> first(walk.begin(), walk.begin() + 5);
    CHECK(std::set<NodeId>(first.begin(), first.end()).size() == 5);  // each server once
    CHECK(first == provider.connect_order());
    for (int i = 5; i < 15; ++i) CHECK(walk[i] == walk[i - 5]);  // then the same order again
    orders.insert(first);
  }
  CHECK(orders.size() > 10);  // clients do not share one order
}

// Bernoulli draws of the rebalance: with K = 100,000 tries the observed frequency is within
// 5 sqrt(p (1-p) / K) of p (0.0047 for p = 0.1, 0.0068 for p = 0.25).
TEST_CASE("balancing: ZOOKEEPER-1355 rebalance follows the published probabilities") {
  constexpr int kTries = 100'000;
  auto tolerance = [](double p) { return 5 * std::sqrt(p * (1 - p) / kTries); };
  Rng rng(99);
  SUBCASE("growing, client on a kept server: moves with 1 - |S|/|S'|, only to added servers") {
    int moved = 0;
    for (int i = 0; i < kTries; ++i) {
      const NodeId target = zk_rebalance_target(ids(1, 9), ids(1, 10), 4, rng);
      if (target != 4) ++moved;
      CHECK((target == 4 || target == 10));
    }
    CHECK(std::abs(moved / double(kTries) - 0.1) <= tolerance(0.1));
  }
  SUBCASE("growing, client on a removed server: always moves, to an added server") {
    for (int i = 0; i < 1000; ++i) CHECK(zk_rebalance_target(ids(1, 9), ids(2, 11), 1, rng) >= 10);
  }
  SUBCASE("shrinking, client on a kept server: stays") {
    for (int i = 0; i < 1000; ++i) CHECK(zk_rebalance_target(ids(1, 9), ids(1, 6), 3, rng) == 3);
  }
  SUBCASE("shrinking, client on a removed server: to M with |M|(|S|-|S'|)/(|S'||O|)") {
    // S = 1..9, S' = 1..6 + {20, 21}: |M| = 6, |O| = 3, |N| = 2, p = 6 x 1 / (8 x 3) = 0.25.
    std::vector<NodeId> next = ids(1, 6);
    next.push_back(20);
    next.push_back(21);
    int to_kept = 0;
    for (int i = 0; i < kTries; ++i) {
      const NodeId target = zk_rebalance_target(ids(1, 9), next, 8, rng);
      if (target <= 6)
        ++to_kept;
      else
        CHECK(target >= 20);
    }
    CHECK(std::abs(to_kept / double(kTries) - 0.25) <= tolerance(0.25));
  }
  SUBCASE("only removals: a client on a removed server always lands on a kept one") {
    for (int i = 0; i < 1000; ++i) CHECK(zk_rebalance_target(ids(1, 9), ids(1, 8), 9, rng) <= 8);
  }
}
