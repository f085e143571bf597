// The election's clock: re-sends with a doubling timeout, the finalize wait, and how long an
// election takes.
#include <doctest/doctest.h>

#include "tests/models/election/election_node.hpp"

using namespace election_test;

namespace {

std::shared_ptr<Setup> voters(std::vector<NodeId> ids) {
  auto setup = std::make_shared<Setup>();
  setup->voters = std::move(ids);
  return setup;
}

std::size_t drop_notifications(harness::Cluster& c) {
  return c.drop([](NodeId, NodeId, const Message& m) { return std::holds_alternative<Notification>(m); });
}

}  // namespace

TEST_CASE("election: a lone voter re-sends at 200, 400, 800 ms ... capped at 60 s") {
  auto c = make_cluster(voters({1, 2, 3}));
  c.add(1);
  c.advance_by(sec(400));
  const std::vector<Time>& sends = node(c, 1).notification_sends_ns;
  std::vector<Time> intervals_ms;
  for (std::size_t i = 1; i < sends.size(); ++i) intervals_ms.push_back((sends[i] - sends[i - 1]) / kMillisecond);
  const std::vector<Time> expected{200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200,
                                   60000, 60000, 60000, 60000};
  CHECK(intervals_ms == expected);
  CHECK(sends.front() == 0);
  CHECK_FALSE(node(c, 1).decided());
}

TEST_CASE("election: lost notifications are recovered by the re-send after 200 ms") {
  auto c = make_cluster(voters({1, 2, 3}));
  for (NodeId id : {1u, 2u, 3u}) c.add(id);
  // Every first notification is lost: those to servers not yet up by the harness, the 3 others here.
  CHECK(drop_notifications(c) == 3);
  c.advance_by(ms(199));
  CHECK(c.messages_delivered() == 0);
  c.advance_by(sec(2));
  for (NodeId id : {1u, 2u, 3u}) {
    CAPTURE(id);
    REQUIRE(node(c, id).decided());
    CHECK(node(c, id).leader() == 3);
    CHECK(node(c, id).notification_sends_ns.at(1) == ms(200));  // the re-send
    CHECK(*node(c, id).decided_ns >= ms(400));
    CHECK(*node(c, id).decided_ns <= ms(410));
  }
}

TEST_CASE("election: lost twice, the next re-send comes 400 ms later") {
  auto c = make_cluster(voters({1, 2, 3}));
  for (NodeId id : {1u, 2u, 3u}) c.add(id);
  drop_notifications(c);
  c.advance_to(ms(200));  // the re-sends leave...
  CHECK(drop_notifications(c) == 6);  // ...and are lost too
  c.advance_to(ms(599));
  CHECK(c.messages_delivered() == 0);
  c.advance_by(sec(2));
  for (NodeId id : {1u, 2u, 3u}) {
    CAPTURE(id);
    REQUIRE(node(c, id).decided());
    CHECK(node(c, id).leader() == 3);
    CHECK(node(c, id).notification_sends_ns.at(2) == ms(600));
    CHECK(*node(c, id).decided_ns >= ms(800));
    CHECK(*node(c, id).decided_ns <= ms(810));
  }
}

TEST_CASE("election: a better vote arriving within the finalize wait changes the outcome") {
  // 1 and 2 agree on 2 within 2 ms and then wait 200 ms; 3 (equal history, higher sid) starts
  // later. If its vote arrives before their wait ends, 3 leads; after it, 3 follows 2.
  for (const Time late_ns : {ms(50), ms(100), ms(150), ms(199), ms(250), ms(1000)}) {
    CAPTURE(late_ns);
    auto c = make_cluster(voters({1, 2, 3}));
    c.add(1);
    c.add(2);
    c.advance_to(late_ns);
    if (late_ns < ms(200)) {
      CHECK(node(c, 1).election().finalizing());
      CHECK(node(c, 2).election().finalizing());
    }
    c.add(3);
    c.advance_by(sec(2));
    const NodeId expected = late_ns < ms(200) ? 3 : 2;
    for (NodeId id : {1u, 2u, 3u}) {
      CAPTURE(id);
      REQUIRE(node(c, id).decided());
      CHECK(node(c, id).leader() == expected);
    }
    if (expected == 3) CHECK(*node(c, 1).decided_ns >= late_ns + ms(200));
  }
}

TEST_CASE("election: with 1 ms latency an election takes the finalize wait and a few hops") {
  for (NodeId n : {3u, 5u}) {
    CAPTURE(n);
    std::vector<NodeId> ids;
    for (NodeId id = 1; id <= n; ++id) ids.push_back(id);
    auto c = make_cluster(voters(ids));
    for (NodeId id : ids) c.add(id);
    c.advance_by(sec(1));
    Time slowest_ns = 0;
    for (NodeId id : ids) {
      REQUIRE(node(c, id).decided());
      CHECK(*node(c, id).decided_ns >= FastLeaderElection::kFinalizeWaitTime);
      slowest_ns = std::max(slowest_ns, *node(c, id).decided_ns);
    }
    MESSAGE(n, " servers elected in ", to_ms(slowest_ns), " ms");
    CHECK(slowest_ns <= ms(205));  // 200 ms of finalize wait plus a few 1 ms hops
  }
}

TEST_CASE("election: election time grows with latency only by the few hops") {
  harness::Cluster::Options options;
  options.latency_ns = ms(20);
  auto c = make_cluster(voters({1, 2, 3}), options);
  for (NodeId id : {1u, 2u, 3u}) c.add(id);
  c.advance_by(sec(2));
  for (NodeId id : {1u, 2u, 3u}) {
    REQUIRE(node(c, id).decided());
    CHECK(*node(c, id).decided_ns >= ms(220));
    CHECK(*node(c, id).decided_ns <= ms(280));
  }
}

TEST_CASE("election: a voter that starts late gets the round's vote when its connection opens, not at the next re-send") {
  auto c = make_cluster(voters({1, 2, 3}));
  c.add(3);  // alone, it re-sends at 200 and 600 ms, then not before 1400 ms
  c.advance_to(ms(700));
  c.add(1);
  // 1's first notification opens its connection to 3, whose connection manager sends 1 the last
  // notification it had for it (QuorumCnxManager's SendWorker): 1 adopts 3's vote at once.
  c.advance_by(sec(2));
  for (NodeId id : {1u, 3u}) {
    CAPTURE(id);
    REQUIRE(node(c, id).decided());
    CHECK(node(c, id).leader() == 3);
    CHECK(*node(c, id).decided_ns >= ms(900));
    CHECK(*node(c, id).decided_ns <= ms(910));
  }
}
