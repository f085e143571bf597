#pragma once
// The fraction of keys that change member when a strategy's member list changes: the documents'
// remap measure (ideal on growth n -> n+1: 1/(n+1); modulo hashing: n/(n+1)). Computed offline on
// a sample of keys with one strategy instance, so that stateful strategies are measured as they
// run: a strategy without key affinity (round robin, random, least loaded, power of two) sends a
// key's next request anywhere, and shows a large fraction. Sticky is measured per client instead
// (its state is the member each client stuck to): the fraction of sampled clients, each with an
// instance of its own, whose sticky target changed. The options' weights weigh the members.
#include <cstdint>
#include <string_view>
#include <vector>

#include "models/balancing/registry.hpp"

namespace analysis {

double moved_fraction(std::string_view strategy, const models::balancing::StrategyOptions& options,
                      const std::vector<models::NodeId>& before, const std::vector<models::NodeId>& after,
                      std::uint64_t keys, std::uint64_t seed);

}  // namespace analysis
