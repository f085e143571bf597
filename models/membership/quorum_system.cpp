#include "models/membership/quorum_system.hpp"

#include <algorithm>
#include <cassert>

namespace models::membership {

namespace {
// The shape of a configuration the quorums count with. Checked when one becomes active, the only
// time it changes: checked after every step instead, its observer-by-voter search and layout check
// grew with the ensemble (6% of a 99-member run).
void check_configuration(const Configuration& c) {
  assert(!c.voters.empty());
  assert(std::is_sorted(c.voters.begin(), c.voters.end()));
  for (NodeId id : c.observers) assert(!c.is_voter(id));
  assert(layout_problem(c).empty());
  (void)c;
}
}  // namespace

QuorumSystem::QuorumSystem(Configuration active) : active_(std::move(active)) { check_configuration(active_); }

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
  check_configuration(active_);
  if (pending_ && pending_->version <= active_.version) pending_.reset();
  return true;
}

void QuorumSystem::check_invariants() const { assert(!pending_ || pending_->version > active_.version); }

}  // namespace models::membership
