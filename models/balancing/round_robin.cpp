#include "models/balancing/round_robin.hpp"

namespace models::balancing {

bool RoundRobin::on_members_changed(const std::vector<Member>&, Rng& rng) {
  const std::size_t n = members().size();
  weighted_ = !equal_weights();
  deadlines_.clear();
  next_index_ = 0;
  if (n == 0) return false;
  const std::size_t start = static_cast<std::size_t>(rng.uniform_u64(n));
  if (!weighted_) {
    next_index_ = start;
    return false;
  }
  for (const Member& m : members()) deadlines_.push_back(1.0 / m.weight);
  // The weighted schedule starts at a random point of its cycle by skipping turns.
  for (std::size_t i = 0; i < start; ++i) choose_earliest_deadline();
  return false;
}

NodeId RoundRobin::choose(const PickContext&, Rng&) {
  if (weighted_) return choose_earliest_deadline();
  const NodeId chosen = members()[next_index_].id;
  next_index_ = (next_index_ + 1) % members().size();
  return chosen;
}

// Ties go to the lower id, so the schedule is a pure function of the weights and the start.
NodeId RoundRobin::choose_earliest_deadline() {
  std::size_t best = 0;
  for (std::size_t i = 1; i < deadlines_.size(); ++i) {
    if (deadlines_[i] < deadlines_[best]) best = i;
  }
  deadlines_[best] += 1.0 / members()[best].weight;
  return members()[best].id;
}

}  // namespace models::balancing
