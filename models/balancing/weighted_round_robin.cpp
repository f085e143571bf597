#include "models/balancing/weighted_round_robin.hpp"

#include <cassert>

namespace models::balancing {

bool WeightedRoundRobin::on_members_changed(const std::vector<Member>&, Rng&) {
  score_.assign(members().size(), 0.0);
  return false;
}

NodeId WeightedRoundRobin::choose(const PickContext&, Rng&) {
  assert(score_.size() == members().size());
  std::size_t best = 0;
  for (std::size_t i = 0; i < score_.size(); ++i) {
    score_[i] += members()[i].weight;
    if (score_[i] > score_[best]) best = i;  // strict: a tie keeps the lower id
  }
  score_[best] -= total_weight();
  return members()[best].id;
}

}  // namespace models::balancing
