#pragma once
// The swarm's draws from a seed's generator, shared by the random scenario and the aimed faults
// so that both read a seed the same way.
#include <cmath>
#include <vector>

#include "models/core/rng.hpp"

namespace sim::check {

// Millisecond resolution keeps the generated files readable; the loader takes any double.
inline double round_ms(double seconds) { return std::round(seconds * 1000) / 1000; }

inline double uniform(models::Rng& rng, double lo, double hi) { return lo + (hi - lo) * rng.uniform01(); }

template <typename T>
const T& pick(models::Rng& rng, const std::vector<T>& items) {
  return items[rng.uniform_u64(items.size())];
}

}  // namespace sim::check
