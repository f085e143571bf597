// The election component on its own, one input at a time: what it sends, which timers it sets
// and what it decides, without a network.
#include <doctest/doctest.h>

#include <optional>
#include <utility>

#include "models/election/fast_leader_election.hpp"

using namespace models;
using FLE = FastLeaderElection;

namespace {

std::vector<std::pair<NodeId, Notification>> notifications(const Effects& e) {
  std::vector<std::pair<NodeId, Notification>> out;
  for (const Send& s : e.sends) out.emplace_back(s.to, std::get<Notification>(s.message));
  return out;
}

std::vector<NodeId> destinations(const Effects& e) {
  std::vector<NodeId> out;
  for (const Send& s : e.sends) out.push_back(s.to);
  return out;
}

// The last setting of a timer in these effects: a deadline, kCancelTimer, or nothing.
std::optional<Time> timer(const Effects& e, TimerId id) {
  std::optional<Time> deadline;
  for (const TimerSet& t : e.timers)
    if (t.id == id) deadline = t.deadline_ns;
  return deadline;
}

Notification note(PeerState state, NodeId leader, Zxid zxid, std::uint64_t election_epoch, Epoch peer_epoch = 0) {
  return FLE::answer(state, Vote{leader, zxid, peer_epoch}, election_epoch, peer_epoch);
}

Notification looking(NodeId leader, Zxid zxid, std::uint64_t election_epoch, Epoch peer_epoch = 0) {
  return note(PeerState::looking, leader, zxid, election_epoch, peer_epoch);
}

}  // namespace

TEST_CASE("election: start votes for itself and notifies every other voter, not observers") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3}, {4}}};
  FLE fle(2, quorums);
  const Effects e = fle.start(ms(5), make_zxid(1, 7), 1);
  CHECK(fle.logical_clock() == 1);
  CHECK(fle.proposal() == Vote{2, make_zxid(1, 7), 1});
  CHECK(fle.started_ns() == ms(5));
  CHECK(destinations(e) == std::vector<NodeId>{1, 3});
  for (const auto& [to, n] : notifications(e)) {
    CHECK(n.state == PeerState::looking);
    CHECK(n.leader == 2);
    CHECK(n.zxid == make_zxid(1, 7));
    CHECK(n.election_epoch == 1);
    CHECK(n.peer_epoch == 1);
  }
  CHECK(timer(e, FLE::kNotificationTimeout) == ms(205));
  CHECK_FALSE(fle.outcome());
  // Each round increments the logical clock.
  fle.start(ms(6), 0, 0);
  CHECK(fle.logical_clock() == 2);
  fle.check_invariants();
}

TEST_CASE("election: an observer's first vote names nobody and goes to every voter") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3}, {4, 5}}};
  FLE fle(4, quorums);
  const Effects e = fle.start(0, make_zxid(9, 9), 9);
  CHECK(fle.proposal() == Vote{});
  CHECK(destinations(e) == std::vector<NodeId>{1, 2, 3});
  // Any voter's vote is better, so it adopts it and tells the voters.
  const Effects adopt = fle.on_notification(ms(1), 1, looking(1, 0, 1));
  CHECK(fle.proposal() == Vote{1, 0, 0});
  CHECK(destinations(adopt) == std::vector<NodeId>{1, 2, 3});
  fle.check_invariants();
}

TEST_CASE("election: a single voter is its own quorum and leads after the finalize wait") {
  const membership::QuorumSystem quorums{Configuration{0, {1}, {}}};
  FLE fle(1, quorums);
  const Effects e = fle.start(0, 0, 0);
  CHECK(e.sends.empty());
  CHECK(fle.finalizing());
  CHECK(timer(e, FLE::kFinalizeWait) == ms(200));
  CHECK(timer(e, FLE::kNotificationTimeout) == kCancelTimer);
  fle.on_timer(ms(200), FLE::kFinalizeWait);
  REQUIRE(fle.outcome());
  CHECK(fle.outcome()->leader == 1);
  CHECK(fle.outcome()->state == PeerState::leading);
}

TEST_CASE("election: a better vote of the same round is adopted and re-sent, a worse one recorded and not answered") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3, 4, 5}, {}}};
  FLE fle(1, quorums);
  fle.start(0, make_zxid(1, 5), 1);
  // 2 has evidently not received our vote (it would have adopted it), but WorkerReceiver answers a
  // LOOKING peer only when it is in an older round: 2 learns our vote from our next re-send.
  const Effects worse = fle.on_notification(ms(1), 2, looking(2, make_zxid(1, 4), 1, 1));
  CHECK(worse.sends.empty());
  CHECK(fle.on_notification(ms(1), 4, looking(1, make_zxid(1, 5), 1, 1)).sends.empty());  // agrees: nothing to tell
  CHECK(fle.proposal().leader == 1);
  CHECK(timer(worse, FLE::kNotificationTimeout) == ms(201));  // any notification ends the poll
  const Effects better = fle.on_notification(ms(2), 3, looking(3, make_zxid(1, 5), 1, 1));
  CHECK(fle.proposal() == Vote{3, make_zxid(1, 5), 1});
  REQUIRE(destinations(better) == std::vector<NodeId>{2, 3, 4, 5});
  CHECK(notifications(better).front().second.leader == 3);
  fle.check_invariants();
}

TEST_CASE("election: a vote a peer missed reaches it only with the re-send after an empty poll") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3}, {}}};
  FLE fle(3, quorums);
  fle.start(0, make_zxid(1, 5), 1);
  // 2 was still following the old leader when our vote came, and comes to our round with its own.
  CHECK(fle.on_notification(ms(150), 2, looking(2, make_zxid(1, 5), 1, 1)).sends.empty());
  CHECK_FALSE(fle.finalizing());
  const Effects resent = fle.on_timer(ms(350), FLE::kNotificationTimeout);  // 200 ms after the last poll
  CHECK(destinations(resent) == std::vector<NodeId>{1, 2});
  CHECK(fle.notification_timeout_ns() == ms(400));
}

TEST_CASE("election: a newer election epoch is adopted and compared with the initial vote") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3, 4, 5}, {}}};
  FLE fle(1, quorums);
  fle.start(0, make_zxid(1, 5), 1);
  fle.on_notification(ms(1), 5, looking(5, make_zxid(1, 9), 1, 1));
  CHECK(fle.proposal().leader == 5);
  // Round 3 starts elsewhere with a vote worse than our own initial one: we go back to voting
  // for ourselves (the vote for 5 belonged to round 1 and is void).
  const Effects e = fle.on_notification(ms(2), 2, looking(2, make_zxid(1, 2), 3, 1));
  CHECK(fle.logical_clock() == 3);
  CHECK(fle.proposal() == Vote{1, make_zxid(1, 5), 1});
  REQUIRE(destinations(e) == std::vector<NodeId>{2, 3, 4, 5});
  CHECK(notifications(e).front().second.election_epoch == 3);
  // The round-1 vote of 5 no longer counts: two more round-3 votes for 1 make a quorum.
  fle.on_notification(ms(3), 2, looking(1, make_zxid(1, 5), 3, 1));
  CHECK_FALSE(fle.finalizing());
  fle.on_notification(ms(3), 3, looking(1, make_zxid(1, 5), 3, 1));
  CHECK(fle.finalizing());
  fle.check_invariants();
}

TEST_CASE("election: a newer election epoch with a better vote adopts that vote") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3}, {}}};
  FLE fle(1, quorums);
  fle.start(0, 0, 0);
  fle.on_notification(ms(1), 2, looking(3, 0, 4));
  CHECK(fle.logical_clock() == 4);
  CHECK(fle.proposal().leader == 3);
}

TEST_CASE("election: a LOOKING peer of an older round gets our vote back and changes nothing") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3}, {}}};
  FLE fle(1, quorums);
  fle.start(0, 0, 0);
  fle.on_notification(ms(1), 2, looking(2, 0, 3));  // now in round 3, voting for 2
  const Effects e = fle.on_notification(ms(2), 3, looking(3, make_zxid(5, 5), 1, 5));
  REQUIRE(notifications(e).size() == 1);
  CHECK(notifications(e)[0].first == 3);
  CHECK(notifications(e)[0].second.leader == 2);
  CHECK(notifications(e)[0].second.election_epoch == 3);
  CHECK(fle.proposal().leader == 2);
  CHECK(fle.logical_clock() == 3);
}

TEST_CASE("election: an observer's notification is answered, never counted, never resets a timer") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3}, {4, 5}}};
  FLE fle(1, quorums);
  fle.start(0, 0, 0);
  const Effects e = fle.on_notification(ms(50), 4, looking(1, 0, 1));
  CHECK(destinations(e) == std::vector<NodeId>{4});
  CHECK(notifications(e)[0].second.state == PeerState::looking);
  CHECK(notifications(e)[0].second.leader == 1);
  CHECK_FALSE(timer(e, FLE::kNotificationTimeout));
  fle.on_notification(ms(51), 5, looking(1, 0, 1));
  CHECK_FALSE(fle.finalizing());  // 1 of 3 voters, whatever the observers say
  fle.on_notification(ms(52), 2, looking(1, 0, 1));
  CHECK(fle.finalizing());
}

TEST_CASE("election: the finalize wait restarts on every worse vote and ends on a better one") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3, 4, 5}, {}}};
  FLE fle(2, quorums);
  fle.start(0, 0, 0);
  fle.on_notification(ms(1), 1, looking(2, 0, 1));
  const Effects q = fle.on_notification(ms(1), 3, looking(2, 0, 1));
  CHECK(fle.finalizing());
  CHECK(timer(q, FLE::kFinalizeWait) == ms(201));
  CHECK(timer(q, FLE::kNotificationTimeout) == kCancelTimer);
  // A vote that does not beat ours is consumed: no send, and the 200 ms start over.
  const Effects worse = fle.on_notification(ms(150), 1, looking(2, 0, 1));
  CHECK(worse.sends.empty());  // 1 votes as we do: nothing to re-send
  CHECK(timer(worse, FLE::kFinalizeWait) == ms(350));
  CHECK(fle.finalizing());
  // A better one puts us back into the loop: adopt, re-send, and wait again for a quorum.
  const Effects better = fle.on_notification(ms(160), 5, looking(5, 0, 1));
  CHECK_FALSE(fle.finalizing());
  CHECK(fle.proposal().leader == 5);
  CHECK(timer(better, FLE::kFinalizeWait) == kCancelTimer);
  CHECK(timer(better, FLE::kNotificationTimeout) == ms(360));
  CHECK(destinations(better) == std::vector<NodeId>{1, 3, 4, 5});
  // A stale expiry of the old finalize timer decides nothing.
  fle.on_timer(ms(201), FLE::kFinalizeWait);
  CHECK_FALSE(fle.outcome());
  fle.on_notification(ms(161), 1, looking(5, 0, 1));
  CHECK(fle.finalizing());
  fle.on_timer(ms(361), FLE::kFinalizeWait);
  REQUIRE(fle.outcome());
  CHECK(fle.outcome()->leader == 5);
  CHECK(fle.outcome()->state == PeerState::following);
  // Decided: the server answers from now on; the component ignores further input.
  CHECK(fle.on_notification(ms(400), 1, looking(1, 0, 9)).empty());
  CHECK(fle.on_timer(ms(500), FLE::kNotificationTimeout).empty());
  CHECK(fle.logical_clock() == 1);
}

TEST_CASE("election: answers of another round need a quorum and the leader's own LEADING answer") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3, 4, 5}, {}}};
  FLE fle(1, quorums);
  fle.start(0, 0, 0);
  const Vote v{5, make_zxid(3, 4), 3};
  fle.on_notification(ms(1), 2, FLE::answer(PeerState::following, v, 7, 3));
  fle.on_notification(ms(1), 3, FLE::answer(PeerState::following, v, 7, 3));
  fle.on_notification(ms(1), 4, FLE::answer(PeerState::following, v, 7, 3));
  CHECK_FALSE(fle.outcome());  // a quorum of followers, but no word from the leader itself
  fle.on_notification(ms(2), 5, FLE::answer(PeerState::leading, v, 7, 3));
  REQUIRE(fle.outcome());
  CHECK(fle.outcome()->leader == 5);
  CHECK(fle.outcome()->peer_epoch == 3);
  CHECK(fle.outcome()->state == PeerState::following);
  CHECK(fle.logical_clock() == 7);  // the round it joined
  CHECK(fle.proposal() == v);
}

TEST_CASE("election: the leader alone is not a quorum for a latecomer") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3, 4, 5}, {}}};
  FLE fle(1, quorums);
  fle.start(0, 0, 0);
  const Vote v{5, 0, 1};
  fle.on_notification(ms(1), 5, FLE::answer(PeerState::leading, v, 2, 1));
  fle.on_notification(ms(1), 4, FLE::answer(PeerState::following, v, 2, 1));
  CHECK_FALSE(fle.outcome());
  // Followers that disagree on the epoch do not count together.
  fle.on_notification(ms(1), 3, FLE::answer(PeerState::following, Vote{5, 0, 2}, 2, 2));
  CHECK_FALSE(fle.outcome());
  fle.on_notification(ms(1), 2, FLE::answer(PeerState::following, v, 2, 1));
  CHECK(fle.outcome());
}

TEST_CASE("election: answers of our own round count together with its LOOKING votes") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3, 4, 5}, {}}};
  FLE fle(1, quorums);
  fle.start(0, 0, 0);
  fle.on_notification(ms(1), 5, looking(5, 0, 1));  // adopt 5: {1, 5} vote for 5
  // 4 already follows 5 in round 1: with our and 5's LOOKING votes that is a quorum, but 5 has
  // not yet said it leads.
  fle.on_notification(ms(2), 4, FLE::answer(PeerState::following, Vote{5, 0, 0}, 1, 0));
  CHECK_FALSE(fle.outcome());
  fle.on_notification(ms(3), 5, FLE::answer(PeerState::leading, Vote{5, 0, 0}, 1, 0));
  REQUIRE(fle.outcome());
  CHECK(fle.outcome()->leader == 5);
  CHECK(fle.outcome()->state == PeerState::following);
  CHECK(fle.logical_clock() == 1);
}

TEST_CASE("election: told by a quorum that it leads, a server leads only in its own round") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3}, {}}};
  FLE fle(1, quorums);
  fle.start(0, 0, 0);
  const Vote me{1, 0, 0};
  fle.on_notification(ms(1), 2, FLE::answer(PeerState::following, me, 4, 0));
  fle.on_notification(ms(1), 3, FLE::answer(PeerState::following, me, 4, 0));
  CHECK_FALSE(fle.outcome());  // round 4 is not ours (we are in round 1)
  fle.start(ms(2), 0, 0);
  fle.start(ms(2), 0, 0);
  fle.start(ms(2), 0, 0);  // now in round 4
  fle.on_notification(ms(3), 2, FLE::answer(PeerState::following, me, 4, 0));
  REQUIRE(fle.outcome());
  CHECK(fle.outcome()->state == PeerState::leading);
}

TEST_CASE("election: the notification timeout re-sends and doubles up to 60 s") {
  const membership::QuorumSystem quorums{Configuration{0, {1, 2, 3}, {}}};
  FLE fle(1, quorums);
  Effects e = fle.start(0, 0, 0);
  Time now = 0;
  std::vector<Time> intervals_ms;
  for (int i = 0; i < 14; ++i) {
    const Time deadline = *timer(e, FLE::kNotificationTimeout);
    intervals_ms.push_back((deadline - now) / kMillisecond);
    now = deadline;
    e = fle.on_timer(now, FLE::kNotificationTimeout);
    CHECK(destinations(e) == std::vector<NodeId>{2, 3});
    fle.check_invariants();
  }
  CHECK(intervals_ms == std::vector<Time>{200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200,
                                          60000, 60000, 60000, 60000, 60000});
  // A new round starts over at 200 ms.
  e = fle.start(now, 0, 0);
  CHECK(timer(e, FLE::kNotificationTimeout) == now + ms(200));
}

TEST_CASE("election: answer() carries the state, the vote and the advertised epoch") {
  const Notification n = FLE::answer(PeerState::leading, Vote{3, make_zxid(2, 8), 2}, 6, 3);
  CHECK(n.state == PeerState::leading);
  CHECK(n.leader == 3);
  CHECK(n.zxid == make_zxid(2, 8));
  CHECK(n.election_epoch == 6);
  CHECK(n.peer_epoch == 3);
}
