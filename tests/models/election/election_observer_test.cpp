// Observers run the election to learn the leader, are answered by every voter, and are never
// counted nor elected.
#include <doctest/doctest.h>

#include "tests/models/election/election_node.hpp"

using namespace election_test;

namespace {

// Voters 1..3; observers 4.. with the best histories of all, so that counting or electing one
// would show.
std::shared_ptr<Setup> with_observers(std::size_t observer_count) {
  auto setup = std::make_shared<Setup>();
  setup->voters = {1, 2, 3};
  for (NodeId id = 4; id < 4 + observer_count; ++id) {
    setup->observers.push_back(id);
    setup->histories[id] = History{make_zxid(9, 99), 9};
  }
  return setup;
}

void check_outcome(harness::Cluster& c, NodeId id, NodeId leader, PeerState state) {
  CAPTURE(id);
  REQUIRE(node(c, id).decided());
  CHECK(node(c, id).leader() == leader);
  CHECK(node(c, id).state() == state);
}

}  // namespace

TEST_CASE("election: observers learn the leader, end OBSERVING and are never elected") {
  auto c = make_cluster(with_observers(2));
  for (NodeId id : {4u, 5u, 1u, 2u, 3u}) c.add(id);
  c.advance_by(sec(2));
  check_outcome(c, 3, 3, PeerState::leading);
  check_outcome(c, 1, 3, PeerState::following);
  check_outcome(c, 2, 3, PeerState::following);
  check_outcome(c, 4, 3, PeerState::observing);
  check_outcome(c, 5, 3, PeerState::observing);
  // Voters never send to observers on their own: everything an observer got was an answer.
  CHECK(node(c, 4).notifications_received > 0);
}

TEST_CASE("election: a LOOKING voter answers an observer at once with its vote") {
  auto c = make_cluster(with_observers(1));
  c.add(1);
  c.add(4);
  c.advance_by(ms(2));
  // 4's first notification reached 1 at 1 ms and the answer came back at 2 ms.
  CHECK(node(c, 4).notifications_received == 1);
  CHECK(node(c, 4).election().proposal().leader == 1);
  CHECK_FALSE(node(c, 1).decided());
}

TEST_CASE("election: 2 of 3 voters plus observers elect, and observers count for nothing") {
  auto c = make_cluster(with_observers(3));
  for (NodeId id : {1u, 2u, 4u, 5u, 6u}) c.add(id);
  c.advance_by(sec(2));
  check_outcome(c, 2, 2, PeerState::leading);
  check_outcome(c, 1, 2, PeerState::following);
  for (NodeId id : {4u, 5u, 6u}) check_outcome(c, id, 2, PeerState::observing);
}

TEST_CASE("election: 1 voter and many observers never reach a quorum") {
  auto c = make_cluster(with_observers(6));
  c.add(1);
  for (NodeId id = 4; id <= 9; ++id) c.add(id);
  c.advance_by(sec(600));
  for (NodeId id : {1u, 4u, 5u, 6u, 7u, 8u, 9u}) {
    CAPTURE(id);
    CHECK_FALSE(node(c, id).decided());
  }
  // Observers kept asking and the voter kept answering, but never with a vote for an observer.
  CHECK(node(c, 1).election().proposal().leader == 1);
  CHECK(node(c, 9).election().proposal().leader == 1);
  CHECK(node(c, 9).notifications_received > 5);
}

TEST_CASE("election: an observer started after the election joins through FOLLOWING/LEADING answers") {
  auto c = make_cluster(with_observers(1));
  for (NodeId id : {1u, 2u, 3u}) c.add(id);
  c.advance_by(sec(1));
  c.add(4);
  const Time joined_ns = c.now();
  c.advance_by(ms(10));
  check_outcome(c, 4, 3, PeerState::observing);
  CHECK(*node(c, 4).decided_ns - joined_ns == ms(2));  // one round trip, no finalize wait
  CHECK(node(c, 4).election().logical_clock() == 1);
}

TEST_CASE("election: an observer that lost its leader finds the new one") {
  auto c = make_cluster(with_observers(1));
  for (NodeId id : {1u, 2u, 3u, 4u}) c.add(id);
  c.advance_by(sec(1));
  check_outcome(c, 4, 3, PeerState::observing);
  c.crash(3);
  c.advance_by(sec(2));
  check_outcome(c, 2, 2, PeerState::leading);
  check_outcome(c, 1, 2, PeerState::following);
  check_outcome(c, 4, 2, PeerState::observing);
  CHECK(node(c, 4).rounds == 2);
}
