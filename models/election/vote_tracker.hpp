#pragma once
// Counting votes toward a quorum, as FastLeaderElection.getVoteTracker, Vote.equals and
// checkLeader do. Separate from the election loop because the matching rule is subtle: votes of
// servers still LOOKING must agree on everything, votes of servers that already follow a leader
// only on who leads and in which epoch (their zxid and election epoch move on after the election).
#include <cstdint>
#include <map>
#include <vector>

#include "models/core/configuration.hpp"
#include "models/core/ids.hpp"
#include "models/core/messages.hpp"
#include "models/election/vote.hpp"

namespace models {

// A vote as one peer last reported it: the vote, the peer's election epoch and its state.
struct ReceivedVote {
  Vote vote;
  std::uint64_t election_epoch = 0;
  PeerState state = PeerState::looking;
};

// Votes by sender. A std::map so that any iteration is in sid order, never in hash order.
using VoteTable = std::map<NodeId, ReceivedVote>;

// ZooKeeper's Vote.equals (all servers here speak notification version 2).
bool votes_match(const ReceivedVote& a, const ReceivedVote& b);

// getVoteTracker(votes, target).hasAllQuorums(): do the voters whose vote matches target form a
// quorum of `config`, by its rule (majority or hierarchical)? Entries from non-voters never count
// (SyncedLearnerTracker.addAck).
bool has_quorum(const VoteTable& votes, const ReceivedVote& target, const Configuration& config);

// checkLeader: one may follow `leader` only after hearing it say LEADING itself; if `leader` is
// self, only if the election epoch is the one self is in.
bool check_leader(const VoteTable& votes, NodeId leader, std::uint64_t election_epoch, NodeId self,
                  std::uint64_t logical_clock);

}  // namespace models
