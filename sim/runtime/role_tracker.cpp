#include "sim/runtime/role_tracker.hpp"

#include <algorithm>

#include "models/core/visit.hpp"

namespace sim {

namespace {

bool is_sync_probe(models::Probe probe) {
  return probe == models::Probe::diff_sent || probe == models::Probe::trunc_sent || probe == models::Probe::snap_sent;
}

}  // namespace

void RoleTracker::record(models::Time, models::NodeId node, const models::Observation& what) {
  std::visit(models::Overloaded{
                 [&](const models::ProcessStarted&) {
                   if (!models::is_server(node)) return;
                   started_.insert(node);
                   running_.insert(node);
                 },
                 [&](const models::ProcessStopped&) { on_stopped(node); },
                 [&](const models::LeaderEstablished&) { leader_ = node; },
                 [&](const models::LeadershipLost&) { on_role_ended(node); },
                 [&](const models::StateChanged& s) {
                   on_role_ended(node);
                   if (s.state == models::PeerState::following) following_.insert(node);
                 },
                 [&](const models::StateSynced&) { syncing_.erase(node); },
                 [&](const models::ProbeReached& p) {
                   if (is_sync_probe(p.probe) && p.peer != models::kNoNode) syncing_.insert(p.peer);
                 },
                 [&](const models::SessionEstablished& s) { set_server_of(node, s.server); },
                 [&](const models::SessionExpired&) { set_server_of(node, models::kNoNode); },
                 [&](const models::RequestCompleted& r) {
                   if (r.status == models::Status::connection_loss) set_server_of(node, models::kNoNode);
                 },
                 [](const auto&) {},
             },
             what);
}

void RoleTracker::on_stopped(models::NodeId server) {
  on_role_ended(server);
  running_.erase(server);
  syncing_.erase(server);
  for (auto& [client, at] : server_of_client_)
    if (at == server) set_server_of(client, models::kNoNode);
}

// A leader that steps down, and any server whose state changes, holds none of its roles any more.
void RoleTracker::on_role_ended(models::NodeId server) {
  if (leader_ == server) leader_ = models::kNoNode;
  following_.erase(server);
}

void RoleTracker::set_server_of(models::NodeId client, models::NodeId server) {
  auto [it, inserted] = server_of_client_.try_emplace(client, models::kNoNode);
  if (!inserted && it->second != models::kNoNode && --clients_of_server_[it->second] == 0) clients_of_server_.erase(it->second);
  it->second = server;
  if (server != models::kNoNode) ++clients_of_server_[server];
}

bool RoleTracker::holds(ServerRole role, models::NodeId server) const {
  switch (role) {
    case ServerRole::id: return false;
    case ServerRole::leader: return server == leader_;
    case ServerRole::follower: return following_.count(server) != 0;
    case ServerRole::syncing: return syncing_.count(server) != 0;
    case ServerRole::clients_server: return clients_of_server_.count(server) != 0 && running_.count(server) != 0;
    case ServerRole::any: return running_.count(server) != 0;
  }
  return false;
}

std::vector<models::NodeId> RoleTracker::holders(ServerRole role) const {
  std::vector<models::NodeId> ids;
  for (models::NodeId id : running_)
    if (holds(role, id)) ids.push_back(id);
  return ids;
}

models::NodeId RoleTracker::pick(ServerRole role, models::Rng& rng) const {
  const std::vector<models::NodeId> ids = holders(role);
  if (ids.empty()) return models::kNoNode;
  if (role == ServerRole::clients_server)
    return *std::max_element(ids.begin(), ids.end(), [&](models::NodeId a, models::NodeId b) {
      return clients_of_server_.at(a) < clients_of_server_.at(b);  // the first of the most loaded
    });
  return ids[rng.uniform_u64(ids.size())];
}

}  // namespace sim
