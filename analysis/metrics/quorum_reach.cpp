#include "analysis/metrics/quorum_reach.hpp"

#include <algorithm>

#include "models/core/visit.hpp"

namespace analysis {

void QuorumReach::record(models::NodeId node, const models::Observation& what) {
  std::visit(models::Overloaded{
                 [&](const models::StateChanged& s) { states_[node] = s.state; },
                 [&](const models::ProcessStopped&) {
                   states_.erase(node);
                   paused_.erase(node);
                 },
                 [&](const models::ProcessPaused&) { paused_.insert(node); },
                 [&](const models::ProcessResumed&) { paused_.erase(node); },
                 [&](const models::NetworkPartitioned& p) {
                   group_of_.clear();
                   for (std::size_t g = 0; g < p.groups.size(); ++g)
                     for (models::NodeId id : p.groups[g]) group_of_[id] = g;
                 },
                 [&](const models::ReconfigEvent& e) {
                   if (e.phase == models::ReconfigPhase::activated && e.new_config &&
                       (!newest_config_ || e.new_config->version > newest_config_->version)) {
                     newest_config_ = e.new_config;
                     config_ = *e.new_config;
                   }
                 },
                 [](const auto&) {},
             },
             what);
}

// Servers in different groups of the partition are cut (both ways or one: either is a cut for a
// proposal and its ACK); a server in no group reaches everyone.
bool QuorumReach::connected(models::NodeId a, models::NodeId b) const {
  auto ga = group_of_.find(a), gb = group_of_.find(b);
  return ga == group_of_.end() || gb == group_of_.end() || ga->second == gb->second;
}

std::set<models::NodeId> QuorumReach::reached(models::NodeId leader) const {
  std::set<models::NodeId> reached;
  for (models::NodeId v : config_.voters) {
    auto s = states_.find(v);
    const bool follows = s != states_.end() && s->second == models::PeerState::following;
    if (v == leader || (follows && !paused_.count(v) && connected(leader, v))) reached.insert(v);
  }
  return reached;
}

bool QuorumReach::reaches_quorum(models::NodeId leader) const {
  if (paused_.count(leader)) return false;  // a frozen leader commits nothing
  if (config_.voters.empty()) return true;
  return config_.is_quorum(reached(leader));
}

std::string QuorumReach::why_not(models::NodeId leader) const {
  const std::string who = "leader " + std::to_string(leader);
  if (paused_.count(leader)) return who + " is paused";
  std::string causes;
  const auto add = [&](const char* cause) { causes += causes.empty() ? cause : std::string(", ") + cause; };
  bool cut = false, frozen = false, gone = false;
  for (models::NodeId v : config_.voters) {
    if (v == leader) continue;
    auto s = states_.find(v);
    if (s == states_.end() || s->second != models::PeerState::following) gone = true;
    else if (paused_.count(v)) frozen = true;
    else if (!connected(leader, v)) cut = true;
  }
  if (cut) add("partition");
  if (frozen) add("followers paused");
  if (gone) add("followers down or not following");
  const std::string rule = config_.hierarchical() ? ", no hierarchical quorum" : "";
  return who + " reaches " + std::to_string(reached(leader).size()) + " of " + std::to_string(config_.voters.size()) +
         " voters (" + causes + rule + ")";
}

}  // namespace analysis
