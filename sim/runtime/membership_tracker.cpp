#include "sim/runtime/membership_tracker.hpp"

namespace sim {

void MembershipTracker::record(models::Time, models::NodeId node, const models::Observation& what) {
  if (std::holds_alternative<models::LeaderEstablished>(what)) {
    leader_ = node;
    synced_[node] = true;
  } else if (std::holds_alternative<models::StateSynced>(what)) {
    synced_[node] = true;
  } else if (std::holds_alternative<models::LeadershipLost>(what) || std::holds_alternative<models::ProcessStopped>(what)) {
    if (leader_ == node) leader_ = models::kNoNode;
    if (std::holds_alternative<models::ProcessStopped>(what)) states_.erase(node);
  } else if (const auto* s = std::get_if<models::StateChanged>(&what)) {
    states_[node] = s->state;
    synced_[node] = false;
  } else if (const auto* e = std::get_if<models::ReconfigEvent>(&what)) {
    if (e->phase == models::ReconfigPhase::refused && outcomes_[e->request_id] == RequestOutcome::pending) {
      outcomes_[e->request_id] = RequestOutcome::refused;
      refusals_[e->request_id] = e->refusal;
    }
    if (e->phase == models::ReconfigPhase::committed || e->phase == models::ReconfigPhase::activated)
      outcomes_[e->request_id] = RequestOutcome::committed;
    if (e->phase == models::ReconfigPhase::activated && e->new_config && e->new_config->version > active_.version)
      active_ = *e->new_config;
  }
}

bool MembershipTracker::in_ensemble(models::NodeId id) const {
  auto it = states_.find(id);
  auto synced = synced_.find(id);
  return it != states_.end() && it->second != models::PeerState::looking && synced != synced_.end() && synced->second;
}

RequestOutcome MembershipTracker::outcome(std::uint64_t request_id) const {
  auto it = outcomes_.find(request_id);
  return it == outcomes_.end() ? RequestOutcome::pending : it->second;
}

models::ReconfigRefusal MembershipTracker::refusal(std::uint64_t request_id) const {
  auto it = refusals_.find(request_id);
  return it == refusals_.end() ? models::ReconfigRefusal::none : it->second;
}

}  // namespace sim
