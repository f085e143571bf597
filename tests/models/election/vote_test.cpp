#include <doctest/doctest.h>

#include "models/election/fast_leader_election.hpp"
#include "models/election/vote.hpp"
#include "models/election/vote_tracker.hpp"

using namespace models;

namespace {
const Configuration kVoters{0, {1, 2, 3}, {}};
Configuration majority(std::vector<NodeId> voters) { return Configuration{0, std::move(voters), {}}; }
}

TEST_CASE("election: vote order is (epoch, zxid, sid) as totalOrderPredicate") {
  // Epoch first, even against a much longer history of an older epoch.
  CHECK(vote_beats({1, make_zxid(2, 1), 3}, {2, make_zxid(2, 900), 2}, kVoters));
  CHECK_FALSE(vote_beats({2, make_zxid(2, 900), 2}, {1, make_zxid(2, 1), 3}, kVoters));
  // Equal epochs: zxid next, even against a higher sid.
  CHECK(vote_beats({1, make_zxid(2, 9), 2}, {3, make_zxid(2, 8), 2}, kVoters));
  CHECK_FALSE(vote_beats({3, make_zxid(2, 8), 2}, {1, make_zxid(2, 9), 2}, kVoters));
  // Equal epoch and zxid: the higher sid.
  CHECK(vote_beats({3, 7, 1}, {2, 7, 1}, kVoters));
  CHECK_FALSE(vote_beats({2, 7, 1}, {3, 7, 1}, kVoters));
}

TEST_CASE("election: vote order is strict: a vote never beats itself") {
  for (NodeId sid : kVoters.voters) {
    const Vote v{sid, make_zxid(1, 5), 1};
    CHECK_FALSE(vote_beats(v, v, kVoters));
  }
  // A fresh ensemble: all zero, only sids differ.
  CHECK(vote_beats({2, 0, 0}, {1, 0, 0}, kVoters));
  CHECK_FALSE(vote_beats({1, 0, 0}, {2, 0, 0}, kVoters));
}

TEST_CASE("election: a non-voter candidate never wins, whatever its history") {
  const Vote observer{4, make_zxid(9, 9), 9};
  CHECK_FALSE(vote_beats(observer, {1, 0, 0}, kVoters));
  CHECK_FALSE(vote_beats(observer, Vote{}, kVoters));
  CHECK_FALSE(vote_beats(Vote{}, {1, 0, 0}, kVoters));  // nobody (an observer's initial vote)
  // ...while any voter beats an observer's initial vote, which names nobody.
  CHECK(vote_beats({1, 0, 0}, Vote{}, kVoters));
}

TEST_CASE("election: the vote_ignores_epoch bug orders by (zxid, sid) only") {
  const Vote newer_epoch{1, make_zxid(2, 5), 3};
  const Vote longer_history{2, make_zxid(2, 10), 2};
  CHECK(vote_beats(newer_epoch, longer_history, kVoters));
  CHECK_FALSE(vote_beats(newer_epoch, longer_history, kVoters, true));
  CHECK(vote_beats(longer_history, newer_epoch, kVoters, true));
  CHECK_FALSE(vote_beats({4, 99, 9}, newer_epoch, kVoters, true));  // still never a non-voter
}

TEST_CASE("election: LOOKING votes match on everything, established votes on leader and epoch") {
  const ReceivedVote looking{{3, 10, 2}, 5, PeerState::looking};
  CHECK(votes_match(looking, looking));
  CHECK_FALSE(votes_match(looking, {{3, 10, 2}, 6, PeerState::looking}));  // another round
  CHECK_FALSE(votes_match(looking, {{3, 11, 2}, 5, PeerState::looking}));
  // Against a LOOKING vote even a FOLLOWING one must agree on everything.
  CHECK(votes_match(looking, {{3, 10, 2}, 5, PeerState::following}));
  CHECK_FALSE(votes_match(looking, {{3, 10, 2}, 4, PeerState::following}));
  // Between established votes, only the leader and its epoch matter.
  const ReceivedVote following{{3, 10, 2}, 5, PeerState::following};
  CHECK(votes_match(following, {{3, 99, 2}, 1, PeerState::leading}));
  CHECK_FALSE(votes_match(following, {{3, 10, 3}, 5, PeerState::leading}));
  CHECK_FALSE(votes_match(following, {{2, 10, 2}, 5, PeerState::leading}));
}

TEST_CASE("election: a quorum is a strict majority of voters, observers never count") {
  const ReceivedVote target{{3, 0, 0}, 1, PeerState::looking};
  VoteTable votes{{1, target}, {4, target}, {5, target}};  // 4 and 5 are not voters
  CHECK_FALSE(has_quorum(votes, target, kVoters));
  votes[2] = target;
  CHECK(has_quorum(votes, target, kVoters));
  // 2 of 4 voters is not a majority.
  CHECK_FALSE(has_quorum(VoteTable{{1, target}, {2, target}}, target, majority({1, 2, 3, 4})));
  CHECK(has_quorum(VoteTable{{1, target}}, target, majority({1})));
}

TEST_CASE("election: checkLeader needs the leader's own LEADING vote, or our own round") {
  VoteTable votes{{1, {{3, 0, 0}, 2, PeerState::following}}, {2, {{3, 0, 0}, 2, PeerState::following}}};
  CHECK_FALSE(check_leader(votes, 3, 2, /*self=*/1, /*logical_clock=*/1));
  votes[3] = {{3, 0, 0}, 2, PeerState::following};
  CHECK_FALSE(check_leader(votes, 3, 2, 1, 1));
  votes[3].state = PeerState::leading;
  CHECK(check_leader(votes, 3, 2, 1, 1));
  // If everyone says I lead, I lead, but only in the round I am in.
  CHECK(check_leader(votes, 1, 2, 1, 2));
  CHECK_FALSE(check_leader(votes, 1, 2, 1, 1));
}
