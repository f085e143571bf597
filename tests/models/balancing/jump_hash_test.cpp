#include "models/balancing/jump_hash.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;
using models::balancing::jump_consistent_hash;

// Lamping and Veach: a key's bucket changes from n to n+1 buckets only if it jumps to bucket n,
// which it does with probability exactly 1/(n+1). Over K = 200,000 keys the moved count is
// Binomial(K, 1/11); the tolerance is 5 standard deviations, 5 sqrt(p (1-p) / K) = 0.0032.
TEST_CASE("balancing: jump_hash n -> n+1 moves 1/(n+1) of keys, only to the new bucket") {
  Rng rng(1);
  auto strategy = make("jump_hash");
  strategy->set_members(servers(1, 10), rng);
  constexpr double kKeys = 200'000;
  const auto before = assign(*strategy, kKeys, rng);
  strategy->set_members(servers(1, 11), rng);
  const auto after = assign(*strategy, kKeys, rng);
  const Remap remap = compare(before, after, 11);
  const double p = 1.0 / 11;
  MESSAGE("jump_hash 10 -> 11: moved " << remap.moved_fraction << " (ideal " << p << ")");
  CHECK(remap.only_to_new);
  CHECK(std::abs(remap.moved_fraction - p) <= 5 * std::sqrt(p * (1 - p) / kKeys));
}

// Monotonicity over a whole growth sequence, key by key: exact, no statistics.
TEST_CASE("balancing: jump_consistent_hash only ever moves a key to the newest bucket") {
  std::uint64_t wrong = 0;
  for (std::uint64_t key = 0; key < 20'000; ++key) {
    std::uint32_t previous = jump_consistent_hash(key * 0x9e3779b97f4a7c15ull, 1);
    if (previous != 0) ++wrong;
    for (std::uint32_t buckets = 2; buckets <= 64; ++buckets) {
      const std::uint32_t now = jump_consistent_hash(key * 0x9e3779b97f4a7c15ull, buckets);
      if (now != previous && now != buckets - 1) ++wrong;
      previous = now;
    }
  }
  CHECK(wrong == 0);
}

// Balance is that of independent uniform draws: CV about sqrt(n / K) = 0.0071 for n = 10 and
// K = 200,000; the check allows twice that.
TEST_CASE("balancing: jump_hash spreads keys evenly") {
  Rng rng(2);
  auto strategy = make("jump_hash");
  strategy->set_members(servers(1, 10), rng);
  const auto stats = load_stats(assign(*strategy, 200'000, rng), strategy->members());
  CHECK(stats.cv < 2 * std::sqrt(10.0 / 200'000));
}
