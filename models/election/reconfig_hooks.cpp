// The election's side of dynamic membership: who votes changes when a reconfig is activated, and a
// designated-leader hand-off decides a server's vote without a round.
#include <cassert>

#include "models/election/fast_leader_election.hpp"

namespace models {

void FastLeaderElection::on_configuration_activated() {
  assert(!looking());
  assert(!voters().empty());
  assert(!(is_voter(self_) && is_observer(self_)));
  // Votes of a finished round under the old members mean nothing to the next one.
  received_.clear();
  out_of_election_.clear();
}

void FastLeaderElection::designate(const Vote& vote, PeerState state) {
  assert(is_voter(vote.leader) && state != PeerState::looking);
  phase_ = Phase::decided;
  proposal_ = vote;
  outcome_ = ElectionOutcome{vote.leader, vote.peer_epoch, state};
  received_.clear();
  out_of_election_.clear();
}

}  // namespace models
