#include <doctest/doctest.h>

#include <cmath>

#include "models/balancing/strategy.hpp"
#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;
using models::balancing::LoadTable;
using models::balancing::StrategyOptions;

namespace {

// Assigns keys 0..m-1 one after the other; each stays in flight, so the loads grow as they go.
std::vector<NodeId> assign_tracked(Strategy& strategy, std::uint64_t m, Rng& rng, LoadTable& load) {
  std::vector<NodeId> owners;
  for (std::uint64_t key = 0; key < m; ++key) {
    owners.push_back(strategy.pick({key, 0, &load}, rng));
    load.add(owners.back(), 1);
  }
  return owners;
}

}  // namespace

// Few virtual nodes (k = 10) make plain ring hashing uneven, so the bound has work to do.
TEST_CASE("balancing: bounded_load_hash never exceeds ceil(c x average)") {
  constexpr std::uint64_t kKeys = 10'000;
  constexpr std::uint32_t kServers = 50;
  for (double c : {1.0, 1.1, 1.25, 2.0}) {
    StrategyOptions options;
    options.virtual_nodes = 10;
    options.load_bound_factor = c;
    Rng rng(11);
    auto bounded = make("bounded_load_hash", options);
    bounded->set_members(servers(1, kServers), rng);
    LoadTable load;
    const auto stats = load_stats(assign_tracked(*bounded, kKeys, rng, load), bounded->members());
    const double bound = std::ceil(c * kKeys / kServers);
    MESSAGE("bounded_load_hash c=" << c << ": max " << stats.max << " <= " << bound);
    CHECK(stats.max <= bound);
  }
  StrategyOptions options;
  options.virtual_nodes = 10;
  Rng rng(11);
  auto plain = make("consistent_hash", options);
  plain->set_members(servers(1, kServers), rng);
  const auto plain_stats = load_stats(assign(*plain, kKeys, rng), plain->members());
  MESSAGE("consistent_hash k=10 on the same keys: max " << plain_stats.max);
  CHECK(plain_stats.max > std::ceil(1.25 * kKeys / kServers));  // the bound was binding
}

TEST_CASE("balancing: bounded_load_hash without load is plain consistent hashing") {
  Rng rng(12);
  auto bounded = make("bounded_load_hash");
  auto plain = make("consistent_hash");
  bounded->set_members(servers(1, 20), rng);
  plain->set_members(servers(1, 20), rng);
  CHECK(assign(*bounded, 10'000, rng) == assign(*plain, 10'000, rng));
}

// The paper bounds the expected moves per update by O(1/(eps^2 n)) relocations per key; with
// c = 1.25 and n = 50 going to 51 the measured fraction stays within a few times 1/(n+1).
TEST_CASE("balancing: bounded_load_hash moves few keys on growth") {
  StrategyOptions options;
  options.load_bound_factor = 1.25;
  Rng rng(13);
  auto bounded = make("bounded_load_hash", options);
  bounded->set_members(servers(1, 50), rng);
  LoadTable load_before, load_after;
  const auto before = assign_tracked(*bounded, 10'000, rng, load_before);
  bounded->set_members(servers(1, 51), rng);
  const auto after = assign_tracked(*bounded, 10'000, rng, load_after);
  const Remap remap = compare(before, after, 51);
  MESSAGE("bounded_load_hash c=1.25, 50 -> 51: moved " << remap.moved_fraction
                                                       << " (1/(n+1) = " << 1.0 / 51 << ")");
  CHECK(remap.moved_fraction < 5.0 / 51);
}
