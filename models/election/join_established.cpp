// Joining a leader that is already established (receivedFollowingNotification and
// receivedLeadingNotification of FastLeaderElection.java): a server that comes up late, or that
// lost its leader alone, hears FOLLOWING and LEADING answers instead of votes of a running round.
#include <cassert>

#include "models/election/fast_leader_election.hpp"

namespace models {

void FastLeaderElection::on_established_vote(NodeId from, const Notification& n, Effects& out) {
  assert(n.state == PeerState::following || n.state == PeerState::leading);
  if (n.state == PeerState::leading && n.leader == from && n.config_version > config_version())
    return follow_newer_configuration(n, out);
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
  if (!has_quorum(votes, target, voters())) return false;
  if (!check_leader(votes, target.vote.leader, target.election_epoch, self_, logical_clock_)) return false;
  decide(target.vote, target.election_epoch, out);  // also adopts that round's election epoch
  return true;
}

// A server that was away while a reconfig committed comes back with an older configuration, whose
// voters may no longer answer or be a quorum. ZooKeeper adopts the newer configuration a
// notification carries and elects again under it; ours carry its version only, so the latecomer
// follows the leader that announces the newer one (a leader says so itself: a stale quorum of
// followers cannot mislead it), and synchronization brings it the configuration, which it then
// activates. Following is safe whoever leads: a learner decides nothing, and a leader that is not
// really established drops it again.
void FastLeaderElection::follow_newer_configuration(const Notification& n, Effects& out) {
  phase_ = Phase::decided;
  logical_clock_ = n.election_epoch;
  proposal_ = Vote{n.leader, n.zxid, n.peer_epoch};
  outcome_ = ElectionOutcome{n.leader, n.peer_epoch, is_observer(self_) ? PeerState::observing : PeerState::following};
  out.cancel_timer(kNotificationTimeout);
  out.cancel_timer(kFinalizeWait);
}

}  // namespace models
