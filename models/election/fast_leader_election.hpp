#pragma once
// Fast Leader Election (ZooKeeper's FastLeaderElection.java) as a component of the server state
// machine: the server hands it notifications and timer expiries while LOOKING, and asks it for
// the outcome. It never touches the network or the clock itself.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "models/core/effects.hpp"
#include "models/core/ids.hpp"
#include "models/core/messages.hpp"
#include "models/core/protocol_bugs.hpp"
#include "models/core/time.hpp"

namespace models {

struct Vote {
  NodeId leader = kNoNode;
  Zxid zxid = 0;
  Epoch peer_epoch = 0;
  bool operator==(const Vote&) const = default;
};

// ZooKeeper's totalOrderPredicate: does candidate beat current? A candidate that is not a voter
// (quorum weight 0) never wins; otherwise higher epoch, then higher zxid, then higher sid wins.
bool vote_beats(const Vote& candidate, const Vote& current, const std::vector<NodeId>& voters,
                bool ignore_epoch = false);

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

  FastLeaderElection(NodeId self, std::vector<NodeId> voters, std::vector<NodeId> observers,
                     ProtocolBugs bugs = {});

  // lookForLeader: a new round. Increments the logical clock, votes for itself (an observer
  // proposes nobody it could elect) and notifies every voter.
  Effects start(Time now, Zxid last_zxid, Epoch current_epoch);
  // A notification while this server is LOOKING.
  Effects on_notification(Time now, NodeId from, const Notification& n);
  Effects on_timer(Time now, TimerId timer);
  // Set once the round has decided (after the finalize wait); cleared by the next start().
  const std::optional<ElectionOutcome>& outcome() const { return outcome_; }
  // The answer a server that is not LOOKING gives to a LOOKING peer: its current vote and state.
  static Notification answer(PeerState state, const Vote& vote, std::uint64_t election_epoch, Epoch peer_epoch);

  std::uint64_t logical_clock() const { return logical_clock_; }
  const Vote& proposal() const { return proposal_; }
  Time started_ns() const { return started_ns_; }

 private:
  // Implementation-defined members (the election helper owns them).
  NodeId self_;
  ProtocolBugs bugs_;
  std::vector<NodeId> voters_;
  std::vector<NodeId> observers_;
  std::uint64_t logical_clock_ = 0;
  Vote proposal_;
  Time started_ns_ = 0;
  Time notification_timeout_ns_ = kInitialNotificationTimeout;
  std::optional<ElectionOutcome> outcome_;
  std::map<NodeId, std::pair<Vote, std::uint64_t>> received_;       // LOOKING votes this round
  std::map<NodeId, std::pair<Vote, std::uint64_t>> out_of_election_;  // FOLLOWING/LEADING votes
};

}  // namespace models
