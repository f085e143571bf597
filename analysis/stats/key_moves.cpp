#include "analysis/stats/key_moves.hpp"

#include <cassert>

namespace analysis {

namespace {

std::vector<models::NodeId> picks(models::balancing::Strategy& strategy, std::uint64_t keys, models::Rng& rng) {
  std::vector<models::NodeId> out;
  for (std::uint64_t k = 0; k < keys; ++k) {
    std::uint64_t state = k;
    out.push_back(strategy.pick({models::splitmix64(state), 0, nullptr}, rng));
  }
  return out;
}

}  // namespace

double moved_fraction(std::string_view strategy, const models::balancing::StrategyOptions& options,
                      const std::vector<models::NodeId>& before, const std::vector<models::NodeId>& after,
                      std::uint64_t keys, std::uint64_t seed) {
  assert(keys > 0);
  models::balancing::MadeStrategy made = models::balancing::make_strategy(strategy, options);
  assert(made.strategy);
  models::Rng rng(seed);
  made.strategy->set_members(models::balancing::equal_members(before), rng);
  const std::vector<models::NodeId> old_picks = picks(*made.strategy, keys, rng);
  made.strategy->set_members(models::balancing::equal_members(after), rng);
  const std::vector<models::NodeId> new_picks = picks(*made.strategy, keys, rng);
  std::uint64_t moved = 0;
  for (std::uint64_t k = 0; k < keys; ++k) moved += old_picks[k] != new_picks[k];
  return static_cast<double>(moved) / static_cast<double>(keys);
}

}  // namespace analysis
