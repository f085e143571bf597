#include "analysis/stats/key_moves.hpp"

#include <algorithm>
#include <cassert>

namespace analysis {

namespace {

// Sticky clients sampled: each builds a strategy of its own (a maglev inner one builds a table of
// 65537), so fewer than the keys; 2,000 still put the fraction within about 1% (binomial error).
constexpr std::uint64_t kStickyClientsMax = 2000;

std::uint64_t key_hash(std::uint64_t k) {
  std::uint64_t state = k;
  return models::splitmix64(state);
}

std::unique_ptr<models::balancing::Strategy> build(std::string_view strategy,
                                                   const models::balancing::StrategyOptions& options) {
  models::balancing::MadeStrategy made = models::balancing::make_strategy(strategy, options);
  assert(made.strategy);
  return std::move(made.strategy);
}

// Keys through one strategy instance: what a strategy without per-client state does with a key.
double moved_keys(models::balancing::Strategy& strategy, const std::vector<models::balancing::Member>& before,
                  const std::vector<models::balancing::Member>& after, std::uint64_t keys, models::Rng& rng) {
  std::vector<models::NodeId> old_picks;
  strategy.set_members(before, rng);
  for (std::uint64_t k = 0; k < keys; ++k) old_picks.push_back(strategy.pick({key_hash(k), 0, nullptr}, rng));
  strategy.set_members(after, rng);
  std::uint64_t moved = 0;
  for (std::uint64_t k = 0; k < keys; ++k) moved += old_picks[k] != strategy.pick({key_hash(k), 0, nullptr}, rng);
  return static_cast<double>(moved) / static_cast<double>(keys);
}

// Sticky keeps no key mapping: its state is the member each client stuck to. So each sampled
// client gets an instance of its own, as every client of a run has, picks once before the change
// and once after; it moved when its sticky target changed.
double moved_clients(std::string_view strategy, const models::balancing::StrategyOptions& options,
                     const std::vector<models::balancing::Member>& before,
                     const std::vector<models::balancing::Member>& after, std::uint64_t clients, models::Rng& rng) {
  std::uint64_t moved = 0;
  for (std::uint64_t c = 0; c < clients; ++c) {
    const auto client = build(strategy, options);
    client->set_members(before, rng);
    const models::NodeId stuck = client->pick({key_hash(c), 0, nullptr}, rng);
    client->set_members(after, rng);
    moved += client->pick({key_hash(c), 0, nullptr}, rng) != stuck;
  }
  return static_cast<double>(moved) / static_cast<double>(clients);
}

}  // namespace

double moved_fraction(std::string_view strategy, const models::balancing::StrategyOptions& options,
                      const std::vector<models::NodeId>& before, const std::vector<models::NodeId>& after,
                      std::uint64_t keys, std::uint64_t seed) {
  assert(keys > 0);
  models::Rng rng(seed);
  const auto old_members = models::balancing::weighted_members(before, options.weights);
  const auto new_members = models::balancing::weighted_members(after, options.weights);
  if (strategy == "sticky")
    return moved_clients(strategy, options, old_members, new_members, std::min(keys, kStickyClientsMax), rng);
  return moved_keys(*build(strategy, options), old_members, new_members, keys, rng);
}

}  // namespace analysis
