#include "models/election/vote_tracker.hpp"

#include <cassert>
#include <set>

namespace models {

bool votes_match(const ReceivedVote& a, const ReceivedVote& b) {
  if (a.state == PeerState::looking || b.state == PeerState::looking)
    return a.vote == b.vote && a.election_epoch == b.election_epoch;
  // Out of election: followers of one leader report different zxids as the ensemble moves on.
  return a.vote.leader == b.vote.leader && a.vote.peer_epoch == b.vote.peer_epoch;
}

bool has_quorum(const VoteTable& votes, const ReceivedVote& target, const Configuration& config) {
  std::set<NodeId> acks;
  for (const auto& [sid, received] : votes)
    if (config.is_voter(sid) && votes_match(received, target)) acks.insert(sid);
  assert(acks.size() <= config.voters.size());
  return config.is_quorum(acks);
}

bool check_leader(const VoteTable& votes, NodeId leader, std::uint64_t election_epoch, NodeId self,
                  std::uint64_t logical_clock) {
  if (leader == self) return logical_clock == election_epoch;
  auto it = votes.find(leader);
  return it != votes.end() && it->second.state == PeerState::leading;
}

}  // namespace models
