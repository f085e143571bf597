// The server's side of dynamic membership: routing reconfig requests to the leader, telling the
// election and the connected clients of a newly activated configuration, and the designated-leader
// hand-off. ZAB's side is models/zab/reconfig.cpp; the pure decisions are in models/membership.
//
// Clients learn a new configuration from a ConfigChanged message sent by their server when it
// activates one. ZooKeeper clients learn it through a watch on /zookeeper/config; the direct
// notification carries the same information at the same moment (the activation), without
// depending on the data tree's watches.
#include <cassert>

#include "models/membership/reconfig.hpp"
#include "models/server/zk_server.hpp"

namespace models {

// An operator's request (from outside the ensemble) or a learner's forward of one. Only the
// established leader decides; a serving learner forwards it, anyone else refuses it.
void ZkServer::on_reconfig_request(Time now, NodeId from, const ReconfigRequest& request, Effects& out) {
  if (!is_server(from))
    out.observe_that(membership::reconfig_event(ReconfigPhase::requested, request.request_id,
                                                quorums_.active(), nullptr));
  if (zab_.established_leader()) {
    zab_.on_reconfig_request(now, request, out);
  } else if (zab_.serving() && zab_.leader() != from) {
    out.send(zab_.leader(), request);
  } else {
    out.observe_that(membership::reconfig_event(ReconfigPhase::refused, request.request_id, quorums_.active(),
                                                nullptr, ReconfigRefusal::not_serving));
  }
}

void ZkServer::after_membership_step(Time now, Effects& out) {
  zab_.activate_committed_configs(out);
  if (quorums_.active().version != known_config_version_) on_config_activated(out);
  if (zab_.handoff_target() != kNoNode) hand_off(now, out);
}

void ZkServer::on_config_activated(Effects& out) {
  const Configuration& active = quorums_.active();
  known_config_version_ = active.version;
  election_.on_configuration_activated();
  const ConfigChanged changed{active.version, active.servers()};
  for (NodeId client : sessions_.clients()) out.send(client, changed);
}

// FastLeaderElection's receiver (ZooKeeper 3.5+): a LOOKING server that hears of a newer
// configuration than its own adopts it (QuorumPeer.processReconfig, written as its dynamic config
// file) and starts its election over under it. Without it, a server back with an older
// configuration than the others may never count, or be counted by, the servers a reconfig added:
// the ensemble can stay without a leader (found by the liveness judge of zksim check).
void ZkServer::adopt_configuration(Time now, const Configuration& next, Effects& out) {
  const Configuration old = quorums_.active();
  if (!activate_configuration(next)) return;
  out.persist.push_back(SetConfiguration{next});
  out.observe_that(membership::reconfig_event(ReconfigPhase::activated, 0, old, &next));
  known_config_version_ = next.version;  // a LOOKING server has no clients to tell
  look_for_leader(now, out);
}

// ZooKeeper's reconfigFlag path (QuorumPeer.updateServerState): the current vote is the
// designated leader, and the server leads or follows it at once, in a new epoch, skipping the
// election. The designated leader runs discovery and synchronization as after any election.
// Clients are disconnected as by any change of leader. The same path reconnects a learner whose
// own role changed, to the same leader.
void ZkServer::hand_off(Time now, Effects& out) {
  const NodeId target = zab_.handoff_target();
  assert(target != kNoNode);
  zab_.stop(out, /*close_connections=*/false);
  let_clients_go(out);
  PeerState state = PeerState::following;
  if (target == config_.id) state = PeerState::leading;
  else if (quorums_.active().is_observer(config_.id)) state = PeerState::observing;
  election_.designate(Vote{target, zab_.last_zxid(), zab_.current_epoch()}, state);
  set_state(state, out);
  const Mark before = mark(out);
  if (state == PeerState::leading) zab_.lead(now, out);
  else zab_.follow(now, target, out);
  after_zab(now, before, out);
}

}  // namespace models

namespace models {

// ZAB asks, the owner changes: the election and ZAB see the change at once, through their
// references; the clients are told at the end of the step (after_membership_step).
void ZkServer::propose_configuration(Configuration next) { quorums_.set_pending(std::move(next)); }

void ZkServer::drop_pending_configuration() { quorums_.clear_pending(); }

bool ZkServer::activate_configuration(const Configuration& next) { return quorums_.activate(next); }

}  // namespace models
