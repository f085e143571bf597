#include "models/balancing/weighted_round_robin.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;
using models::balancing::weighted_members;
using models::balancing::StrategyOptions;

namespace {

// The options' weights reach the strategy the way a client hands over its server list.
std::unique_ptr<Strategy> weighted(std::string_view name, const std::map<NodeId, double>& weights,
                                   const std::vector<NodeId>& ids, Rng& rng) {
  StrategyOptions options;
  options.weights = weights;
  auto strategy = make(name, options);
  strategy->set_members(weighted_members(ids, options.weights), rng);
  return strategy;
}

std::string picks(Strategy& strategy, int count, Rng& rng) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('a' + strategy.pick({}, rng) - 1);
  return out;
}

}  // namespace

// nginx's own example (ngx_http_upstream_round_robin.c, "smooth weighted round-robin"): weights
// 5, 1, 1 give a a b a c a a, and the cycle repeats.
TEST_CASE("balancing: weighted_round_robin gives nginx's smooth sequence for weights 5, 1, 1") {
  Rng rng(1);
  auto strategy = weighted("weighted_round_robin", {{1, 5}, {2, 1}, {3, 1}}, {1, 2, 3}, rng);
  CHECK(picks(*strategy, 14, rng) == "aabacaaaabacaa");
}

TEST_CASE("balancing: weighted_round_robin with equal weights is plain round robin from the lowest id") {
  Rng rng(2);
  auto strategy = weighted("weighted_round_robin", {}, {3, 1, 2}, rng);
  CHECK(picks(*strategy, 6, rng) == "abcabc");
}

TEST_CASE("balancing: weighted_round_robin restarts its cycle on a membership change") {
  Rng rng(3);
  auto strategy = weighted("weighted_round_robin", {{1, 5}, {2, 1}, {3, 1}}, {1, 2, 3}, rng);
  CHECK(picks(*strategy, 3, rng) == "aab");
  strategy->set_members(weighted_members({1, 3}, {{1, 2}}), rng);  // server 3 weighs 1: not listed
  CHECK(picks(*strategy, 6, rng) == "acaaca");
}

// weights {1: 3, 2: 1}: p = 0.75 for server 1; over n = 10,000 picks the count's standard deviation
// is sqrt(n p (1 - p)) = 43.3, and 5 of them (217 picks) leave a false failure at about 1 in 10^6.
TEST_CASE("balancing: weighted_random with weights 3 and 1 picks the first about 75% of the time") {
  constexpr int kPicks = 10'000;
  const double sd = std::sqrt(kPicks * 0.75 * 0.25);
  Rng rng(4);
  auto heavy = weighted("weighted_random", {{1, 3}, {2, 1}}, {1, 2}, rng);
  int first = 0;
  for (int i = 0; i < kPicks; ++i) first += heavy->pick({}, rng) == 1;
  CHECK(std::abs(first - 0.75 * kPicks) <= 5 * sd);
  auto plain = weighted("weighted_random", {}, {1, 2}, rng);  // without weights: uniform
  first = 0;
  for (int i = 0; i < kPicks; ++i) first += plain->pick({}, rng) == 1;
  CHECK(std::abs(first - 0.5 * kPicks) <= 5 * std::sqrt(kPicks * 0.25));
}

TEST_CASE("balancing: weights must be positive numbers for every strategy") {
  for (double bad : {0.0, -1.0, std::nan("")}) {
    StrategyOptions options;
    options.weights = {{2, bad}};
    const auto made = models::balancing::make_strategy("random", options);
    CHECK(made.strategy == nullptr);
    CHECK(made.error.find("weight of member 2 must be a number > 0") != std::string::npos);
  }
}
