#include <doctest/doctest.h>

#include <cmath>

#include "models/balancing/hash.hpp"
#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;

// For keys 0..K-1, a key stays iff x mod n == x mod (n+1), i.e. iff x mod n(n+1) < n: exactly
// 1/(n+1) of every n(n+1) consecutive keys. With K a multiple of n(n+1) = 110 the moved fraction
// is exactly n/(n+1).
TEST_CASE("balancing: modulo_hash moves n/(n+1) of keys going from n to n+1 servers") {
  Rng rng(1);
  auto strategy = make("modulo_hash");
  strategy->set_members(servers(1, 10), rng);
  const auto before = assign(*strategy, 110'000, rng);
  const auto stats = load_stats(before, strategy->members());
  CHECK(stats.max == stats.min);  // sequential keys are perfectly balanced
  strategy->set_members(servers(1, 11), rng);
  const auto after = assign(*strategy, 110'000, rng);
  const Remap remap = compare(before, after, 11);
  CHECK(remap.moved_fraction == doctest::Approx(10.0 / 11.0).epsilon(1e-12));
  CHECK_FALSE(remap.only_to_new);
  MESSAGE("modulo_hash 10 -> 11: moved " << remap.moved_fraction);
}

// Hashed keys: each moves independently with probability n/(n+1); 5 binomial standard deviations
// of sqrt(p (1-p) / K) = 0.0009 for K = 100,000.
TEST_CASE("balancing: modulo_hash f(x) = (x mod p) + 1 on hashed keys") {
  Rng rng(2);
  auto strategy = make("modulo_hash");
  strategy->set_members(servers(1, 10), rng);
  std::uint64_t moved = 0, off_formula = 0;
  constexpr std::uint64_t kKeys = 100'000;
  for (std::uint64_t k = 0; k < kKeys; ++k) {
    const std::uint64_t x = models::balancing::hash64(k);
    // The documents' formula, with servers numbered from 1.
    if (strategy->pick({x, 0, nullptr}, rng) != x % 10 + 1) ++off_formula;
  }
  CHECK(off_formula == 0);
  strategy->set_members(servers(1, 11), rng);
  for (std::uint64_t k = 0; k < kKeys; ++k) {
    const std::uint64_t x = models::balancing::hash64(k);
    if (strategy->pick({x, 0, nullptr}, rng) != x % 10 + 1) ++moved;
  }
  const double p = 10.0 / 11.0;
  CHECK(std::abs(static_cast<double>(moved) / kKeys - p) <= 5 * std::sqrt(p * (1 - p) / kKeys));
}
