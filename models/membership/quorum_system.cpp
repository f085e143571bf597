#include "models/membership/quorum_system.hpp"

#include <cassert>

namespace models::membership {

QuorumSystem::QuorumSystem(Configuration active) : active_(std::move(active)) {
  assert(!active_.voters.empty());
}

bool QuorumSystem::is_quorum(const std::set<NodeId>& ids) const {
  if (!active_.is_quorum(ids)) return false;
  return !pending_ || pending_->is_quorum(ids);
}

bool QuorumSystem::is_majority_quorum(const std::set<NodeId>& ids) const {
  if (!active_.is_majority_quorum(ids)) return false;
  return !pending_ || pending_->is_majority_quorum(ids);
}

void QuorumSystem::set_pending(Configuration next) {
  assert(next.version > active_.version && !next.voters.empty());
  pending_ = std::move(next);
}

bool QuorumSystem::activate(const Configuration& next) {
  if (next.version <= active_.version) return false;
  active_ = next;
  if (pending_ && pending_->version <= active_.version) pending_.reset();
  return true;
}

void QuorumSystem::check_invariants() const {
  assert(!active_.voters.empty());
  assert(std::is_sorted(active_.voters.begin(), active_.voters.end()));
  assert(!pending_ || pending_->version > active_.version);
  for (NodeId id : active_.observers) assert(!active_.is_voter(id));
  assert(layout_problem(active_).empty());
}

}  // namespace models::membership
