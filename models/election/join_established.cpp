// Joining a leader that is already established (receivedFollowingNotification and
// receivedLeadingNotification of FastLeaderElection.java): a server that comes up late, or that
// lost its leader alone, hears FOLLOWING and LEADING answers instead of votes of a running round.
#include <cassert>

#include "models/election/fast_leader_election.hpp"

namespace models {

void FastLeaderElection::on_established_vote(NodeId from, const Notification& n, Effects& out) {
  assert(n.state == PeerState::following || n.state == PeerState::leading);
  const ReceivedVote theirs{Vote{n.leader, n.zxid, n.peer_epoch}, n.election_epoch, n.state};
  // Answers from the round we are in count together with that round's LOOKING votes.
  if (n.election_epoch == logical_clock_) {
    received_[from] = theirs;
    if (try_join(received_, theirs, out)) return;
  }
  // Otherwise, before joining an ensemble of another round, require that a quorum follows the
  // same leader (outofelection also keeps this round's answers: ZOOKEEPER-1732).
  out_of_election_[from] = theirs;
  try_join(out_of_election_, theirs, out);
}

// A quorum agreeing on the leader is not enough: that leader must itself have said LEADING, or
// a stale quorum of followers could make us follow a server that is no longer leading.
bool FastLeaderElection::try_join(const VoteTable& votes, const ReceivedVote& target, Effects& out) {
  if (!has_quorum(votes, target, quorums_.active())) return false;
  if (!check_leader(votes, target.vote.leader, target.election_epoch, self_, logical_clock_)) return false;
  decide(target.vote, target.election_epoch, out);  // also adopts that round's election epoch
  return true;
}

}  // namespace models
