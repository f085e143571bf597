#pragma once
// The ZooKeeper ensemble server: Fast Leader Election, then ZAB (discovery, synchronization,
// broadcast, failure detection) as leader, follower or observer, and the client sessions it
// serves while it is part of an established epoch. It replaces the fixed-leader slice: the same
// client-facing messages, now with elections, recovery and durable state.
//
// The server is LOOKING until the election decides; any failure ZAB detects (lost quorum, lost
// leader, a broken stream) sends it back to LOOKING, which closes its client connections so that
// its clients reconnect elsewhere. A restart builds a new ZkServer from durable state alone.
#include <cstdint>
#include <deque>
#include <map>

#include "models/core/node.hpp"
#include "models/core/protocol_bugs.hpp"
#include "models/election/fast_leader_election.hpp"
#include "models/election/last_notifications.hpp"
#include "models/membership/configuration_owner.hpp"
#include "models/membership/quorum_system.hpp"
#include "models/server/client_sessions.hpp"
#include "models/server/server_config.hpp"
#include "models/zab/peer.hpp"

namespace models {

// The server is the one owner of its membership (see models/membership/configuration_owner.hpp):
// the election and ZAB hold references to its QuorumSystem, so it is neither copied nor moved.
class ZkServer final : public Node, private membership::ConfigurationOwner {
 public:
  ZkServer(ServerConfig config, PersistentState durable, ProtocolBugs bugs = {});
  ZkServer(const ZkServer&) = delete;
  ZkServer& operator=(const ZkServer&) = delete;
  NodeId id() const override { return config_.id; }
  Effects on_start(Time now) override;
  Effects on_message(Time now, NodeId from, const Message& message) override;
  Effects on_timer(Time now, TimerId timer) override;
  Effects on_persisted(Time now, std::uint64_t batch) override;
  // A server takes an operator's reconfig command (given to the leader).
  bool takes(const Control& control) const override { return std::holds_alternative<RequestReconfig>(control); }
  Effects on_control(Time now, const Control& control) override;
  Effects on_peer_lost(Time now, NodeId peer) override;
  Effects on_peer_connected(Time now, NodeId peer) override;
  Effects on_disk_done(Time now, DiskTask::Kind kind) override;
  void check_invariants() const override;

  PeerState state() const { return state_; }
  NodeId leader() const { return zab_.leader(); }
  bool serving() const { return zab_.serving(); }
  // Between the end of a role and LOOKING: the database is being read back from the log.
  bool reloading() const { return reloading_; }
  // Between the process's start and its first election: the database is being loaded from disk.
  bool restoring() const { return restoring_; }
  const zab::ZabPeer& zab() const { return zab_; }
  const FastLeaderElection& election() const { return election_; }
  std::size_t client_count() const { return sessions_.size(); }
  const ClientSessions& sessions() const { return sessions_; }
  const DataTree& tree() const { return zab_.tree(); }
  const Configuration& configuration() const { return quorums_.active(); }
  const membership::QuorumSystem& quorums() const { return quorums_; }

 private:
  static bool is_election_timer(TimerId timer) { return timer >= 100 && timer < 200; }

  void shut_down_role(Time now, Effects& out);
  void let_clients_go(Effects& out);
  void look_for_leader(Time now, Effects& out);
  void on_notification(Time now, NodeId from, const Notification& n, Effects& out);
  void check_election(Time now, Effects& out);
  void finish_election(Time now, const ElectionOutcome& outcome, Effects& out);
  void set_state(PeerState state, Effects& out);
  // Every Effects the server returns passes here: one with a persist list is a persist request
  // (core/effects.hpp), whose last logged zxid ZAB needs when it becomes durable.
  Effects numbered(Effects out);
  // How far out.deliver and out.persist went before ZAB handled an input: what follows is its.
  struct Mark {
    std::size_t delivered = 0;
    std::size_t persisted = 0;
  };
  static Mark mark(const Effects& out) { return Mark{out.deliver.size(), out.persist.size()}; }
  // After ZAB handled an input: answer the writes it applied, and go LOOKING if it asks to.
  void after_zab(Time now, Mark before, Effects& out);
  void answer_logged_writes(std::size_t persisted_before, Effects& out);

  // sessions: connecting, session creation, the writes a server submits to the leader.
  void on_connect(Time now, NodeId client, const ConnectRequest& request, Effects& out);
  void start_session(Time now, NodeId client, std::uint64_t attempt, Time timeout_ns, Effects& out);
  Time negotiated_timeout_ns(Time requested_ns) const;
  void submit(Time now, const Txn& request, Effects& out);
  void on_client_request(Time now, NodeId client, const ClientRequest& request, Effects& out);
  void on_client_ping(Time now, NodeId client, const ClientPing& ping, Effects& out);
  void on_forwarded(Time now, NodeId from, const ForwardedRequest& request, Effects& out);
  // A client's connection attempt (ConnectRequest::attempt): its answer names it.
  struct ConnectAttempt {
    NodeId client = kNoNode;
    std::uint64_t number = 0;
  };
  void accept_session(Time now, ConnectAttempt attempt, SessionId session, Effects& out);
  void on_revalidate(Time now, NodeId from, const Revalidate& m, Effects& out);
  // After ZAB delivered transactions: fire the watches they trigger, close expired sessions'
  // connections, and answer the writes (and new sessions) of our own clients.
  void on_delivered(const Txn& txn, const std::vector<TreeEvent>& events, std::size_t& next_event, Effects& out);

  // Dynamic membership (zk_server_reconfig.cpp).
  void on_reconfig_request(Time now, NodeId from, const ReconfigRequest& request, Effects& out);
  void after_membership_step(Time now, Effects& out);
  void on_config_activated(Effects& out);
  void adopt_configuration(Time now, const Configuration& next, Effects& out);
  void hand_off(Time now, Effects& out);
  // ConfigurationOwner: ZAB's changes to the one membership.
  void propose_configuration(Configuration next) override;
  void drop_pending_configuration() override;
  bool activate_configuration(const Configuration& next) override;

  ServerConfig config_;  // static settings; its voters and observers only seeded quorums_
  membership::QuorumSystem quorums_;  // the one membership, read by election_ and zab_
  FastLeaderElection election_;
  zab::ZabPeer zab_;
  ClientSessions sessions_;
  ProtocolBugs bugs_;
  std::deque<Zxid> logged_by_request_;  // the last zxid logged by each persist request not yet durable
  std::uint64_t durable_requests_ = 0;  // persist requests known durable
  PeerState state_ = PeerState::looking;
  // Session ids as ZooKeeper makes them: the server id in the top byte, then the start time in
  // milliseconds shifted in, then a counter, so that a restarted server makes no id it made before.
  SessionId next_session_ = 0;
  std::uint64_t known_config_version_ = 0;  // the configuration the election and clients were told of
  bool reloading_ = false;                  // see reloading()
  bool restoring_ = false;                  // see restoring()
  // Sessions brought back by a client, waiting for the leader's REVALIDATE answer -> the client.
  std::map<SessionId, ConnectAttempt> revalidating_;
  LastNotifications last_notifications_;
  // The newest notification of each peer that reached the server while it read its database back:
  // its election port was not listening yet, so the peer's QuorumCnxManager still holds the message
  // (its send queue keeps the newest one), and delivers it once the election starts and the two
  // connect. The server reads them when its election starts, a connection's round trip early.
  std::map<NodeId, Notification> held_while_restoring_;
};

}  // namespace models
