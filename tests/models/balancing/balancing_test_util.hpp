#pragma once
// Helpers shared by the balancing tests: member lists, assigning many keys, comparing two
// assignments, and the load statistics (max, mean, coefficient of variation) the properties use.
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

#include "models/balancing/registry.hpp"
#include "models/balancing/strategy.hpp"

namespace balancing_test {

using models::NodeId;
using models::Rng;
using models::balancing::Member;
using models::balancing::PickContext;
using models::balancing::Strategy;

// Servers first..last (inclusive), all of the same weight.
inline std::vector<Member> servers(NodeId first, NodeId last, double weight = 1.0) {
  std::vector<Member> members;
  for (NodeId id = first; id <= last; ++id) members.push_back({id, weight});
  return members;
}

inline std::unique_ptr<Strategy> make(std::string_view name,
                                      const models::balancing::StrategyOptions& options = {}) {
  auto made = models::balancing::make_strategy(name, options);
  return std::move(made.strategy);
}

// The member of each key 0..count-1 (hash strategies hash the keys themselves).
inline std::vector<NodeId> assign(Strategy& strategy, std::uint64_t count, Rng& rng) {
  std::vector<NodeId> owners;
  owners.reserve(count);
  for (std::uint64_t key = 0; key < count; ++key)
    owners.push_back(strategy.pick({key, 0, nullptr}, rng));
  return owners;
}

struct Remap {
  double moved_fraction = 0;
  bool only_to_new = true;  // every moved key went to `joined`
};

inline Remap compare(const std::vector<NodeId>& before, const std::vector<NodeId>& after,
                     NodeId joined) {
  Remap remap;
  std::uint64_t moved = 0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (before[i] == after[i]) continue;
    ++moved;
    if (after[i] != joined) remap.only_to_new = false;
  }
  remap.moved_fraction = static_cast<double>(moved) / static_cast<double>(before.size());
  return remap;
}

struct LoadStats {
  double mean = 0;
  double max = 0;
  double min = 0;
  double cv = 0;  // standard deviation / mean
};

// Statistics over the given members' counts (members with no key count as zero).
inline LoadStats load_stats(const std::vector<NodeId>& owners, const std::vector<Member>& members) {
  std::map<NodeId, double> counts;
  for (const Member& m : members) counts[m.id] = 0;
  for (NodeId owner : owners) counts[owner] += 1;
  LoadStats stats;
  stats.min = static_cast<double>(owners.size());
  for (const auto& [id, c] : counts) {
    stats.mean += c / static_cast<double>(counts.size());
    stats.max = std::max(stats.max, c);
    stats.min = std::min(stats.min, c);
  }
  double variance = 0;
  for (const auto& [id, c] : counts) variance += (c - stats.mean) * (c - stats.mean);
  stats.cv = std::sqrt(variance / static_cast<double>(counts.size())) / stats.mean;
  return stats;
}

}  // namespace balancing_test
