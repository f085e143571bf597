#pragma once
// Fast Leader Election (ZooKeeper's FastLeaderElection.java) as a component of the server state
// machine: the server hands it notifications and timer expiries while LOOKING, and asks it for
// the outcome. It never touches the network or the clock itself.
//
// ZooKeeper runs lookForLeader as a blocking loop over a queue polled with a timeout; here each
// poll outcome is an input: a notification is one loop iteration, an empty poll is the
// kNotificationTimeout timer, and the quiet end of the finalize wait is the kFinalizeWait timer.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "models/core/effects.hpp"
#include "models/core/ids.hpp"
#include "models/core/messages.hpp"
#include "models/core/protocol_bugs.hpp"
#include "models/core/time.hpp"
#include "models/election/vote.hpp"
#include "models/election/vote_tracker.hpp"
#include "models/membership/quorum_system.hpp"

namespace models {

struct ElectionOutcome {
  NodeId leader = kNoNode;
  Epoch peer_epoch = 0;
  PeerState state = PeerState::looking;  // LEADING, FOLLOWING or OBSERVING for this server
};

class FastLeaderElection {
 public:
  // Timer ids 100..199 belong to the election; the server forwards them here.
  enum Timer : TimerId { kNotificationTimeout = 100, kFinalizeWait = 101 };
  static constexpr Time kInitialNotificationTimeout = ms(200);
  static constexpr Time kMaxNotificationInterval = ms(60'000);
  static constexpr Time kFinalizeWaitTime = ms(200);

  // `quorums` is the server's one QuorumSystem: the election counts the voters of its active
  // configuration (never the pending one) and keeps no copy of them. It outlives the election.
  FastLeaderElection(NodeId self, const membership::QuorumSystem& quorums, ProtocolBugs bugs = {});
  FastLeaderElection(const FastLeaderElection&) = delete;
  FastLeaderElection& operator=(const FastLeaderElection&) = delete;

  // lookForLeader: a new round. Increments the logical clock, votes for itself (an observer
  // proposes nobody it could elect) and notifies every voter.
  Effects start(Time now, Zxid last_zxid, Epoch current_epoch);
  // A notification while this server is LOOKING.
  Effects on_notification(Time now, NodeId from, const Notification& n);
  Effects on_timer(Time now, TimerId timer);
  // Set once the round has decided (after the finalize wait); cleared by the next start().
  const std::optional<ElectionOutcome>& outcome() const { return outcome_; }
  // The answer a server that is not LOOKING gives to a LOOKING peer: its current vote and state.
  // peer_epoch overrides vote.peer_epoch: once ZAB establishes a new epoch the server advertises
  // it (QuorumPeer.updateElectionVote, ZOOKEEPER-1732) so that latecomers' votes match.
  static Notification answer(PeerState state, const Vote& vote, std::uint64_t election_epoch, Epoch peer_epoch);

  std::uint64_t logical_clock() const { return logical_clock_; }
  // The vote this server proposes; after the decision, the end vote (QuorumPeer's currentVote).
  const Vote& proposal() const { return proposal_; }
  Time started_ns() const { return started_ns_; }

  // Inspection, for the server's and the tests' benefit.
  bool looking() const { return phase_ == Phase::looking || phase_ == Phase::finalizing; }
  bool finalizing() const { return phase_ == Phase::finalizing; }
  Time notification_timeout_ns() const { return notification_timeout_ns_; }
  bool is_voter(NodeId id) const;
  bool is_observer(NodeId id) const;
  void check_invariants() const;

  // Membership hooks (reconfig_hooks.cpp). A configuration was activated (in the quorum system
  // the election reads): the votes of the old members are forgotten, the next rounds count the new
  // voters, and notifications carry the new version. Not while a round is under way.
  void on_configuration_activated();
  std::uint64_t config_version() const { return quorums_.active().version; }
  // Every notification carries the active configuration (its version, and itself unless it is the
  // static one of version 0), as ZooKeeper 3.5+ sends it: a LOOKING peer adopts a newer one.
  void add_configuration(Notification& n) const;
  // A designated-leader hand-off (ZooKeeper's reconfigFlag) decides without a round: the vote is
  // the designated leader, as QuorumPeer.processReconfig sets it as the current vote.
  void designate(const Vote& vote, PeerState state);

 private:
  enum class Phase { idle, looking, finalizing, decided };

  Notification our_notification() const;
  void send_notifications(Effects& out);
  void reply(NodeId to, Effects& out) const;
  void handle_queued(Time now, NodeId from, const Notification& n, Effects& out);
  void handle_during_finalize(Time now, NodeId from, const Notification& n, Effects& out);
  void on_looking_vote(Time now, NodeId from, const Notification& n, Effects& out);
  void on_established_vote(NodeId from, const Notification& n, Effects& out);
  bool try_join(const VoteTable& votes, const ReceivedVote& target, Effects& out);
  void maybe_finalize(Time now, Effects& out);
  void on_notification_timeout(Time now, Effects& out);
  void decide(const Vote& end_vote, std::uint64_t election_epoch, Effects& out);
  bool beats(const Vote& candidate, const Vote& current) const;

  const std::vector<NodeId>& voters() const { return quorums_.active().voters; }  // sorted

  NodeId self_;
  const membership::QuorumSystem& quorums_;  // the server's; read only
  ProtocolBugs bugs_;
  Phase phase_ = Phase::idle;
  std::uint64_t logical_clock_ = 0;
  Vote init_vote_;  // this round's vote for itself, to fall back on when a newer epoch appears
  Vote proposal_;
  Time started_ns_ = 0;
  // This round sent its vote again after an empty poll: a vote it sent was lost (its peer was not
  // LOOKING yet, or down), and the round decides only because it waited that out.
  bool resent_on_empty_poll_ = false;
  Time notification_timeout_ns_ = kInitialNotificationTimeout;
  std::optional<ElectionOutcome> outcome_;
  VoteTable received_;         // recvset: votes of this election epoch, including our own
  VoteTable out_of_election_;  // outofelection: FOLLOWING/LEADING votes of any election epoch
  // The active configuration as notifications share it, made again when its version changes.
  mutable std::shared_ptr<const Configuration> shared_config_;
};

}  // namespace models
