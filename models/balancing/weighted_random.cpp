#include "models/balancing/weighted_random.hpp"

#include <algorithm>

namespace models::balancing {

bool WeightedRandom::on_members_changed(const std::vector<Member>&, Rng&) {
  cumulative_weight_.clear();
  double sum = 0;
  for (const Member& m : members()) {
    sum += m.weight;
    cumulative_weight_.push_back(sum);
  }
  return false;
}

NodeId WeightedRandom::choose(const PickContext&, Rng& rng) {
  const double target = rng.uniform01() * cumulative_weight_.back();
  const auto it = std::upper_bound(cumulative_weight_.begin(), cumulative_weight_.end(), target);
  // Rounding can put target at the very top; the last member owns that point.
  const auto index = std::min<std::size_t>(
      static_cast<std::size_t>(it - cumulative_weight_.begin()), members().size() - 1);
  return members()[index].id;
}

}  // namespace models::balancing
