// Whole elections over the in-memory harness: who wins, and how latecomers and partitioned
// servers find the leader.
#include <doctest/doctest.h>

#include "tests/models/election/election_node.hpp"

using namespace election_test;

namespace {

std::shared_ptr<Setup> voters(std::vector<NodeId> ids, std::map<NodeId, History> histories = {}) {
  auto setup = std::make_shared<Setup>();
  setup->voters = std::move(ids);
  setup->histories = std::move(histories);
  return setup;
}

void add_all(harness::Cluster& c, const std::vector<NodeId>& ids) {
  for (NodeId id : ids) c.add(id);
}

// Every listed node decided for `leader`, which leads while the others follow.
void check_elected(harness::Cluster& c, const std::vector<NodeId>& ids, NodeId leader) {
  for (NodeId id : ids) {
    CAPTURE(id);
    REQUIRE(node(c, id).decided());
    CHECK(node(c, id).leader() == leader);
    CHECK(node(c, id).state() == (id == leader ? PeerState::leading : PeerState::following));
  }
}

}  // namespace

TEST_CASE("election: 3 servers with different histories elect the highest (epoch, zxid)") {
  auto c = make_cluster(voters({1, 2, 3}, {{1, {make_zxid(1, 10), 1}},
                                           {2, {make_zxid(2, 3), 2}},
                                           {3, {make_zxid(1, 20), 1}}}));
  add_all(c, {1, 2, 3});
  c.advance_by(sec(2));
  check_elected(c, {1, 2, 3}, 2);
  CHECK(node(c, 1).election().outcome()->peer_epoch == 2);
}

TEST_CASE("election: 5 servers with different histories elect the expected leader") {
  // Epoch 2 beats 3's long epoch-1 history; 2 and 4 tie on (epoch, zxid) and 4 has the higher sid.
  auto c = make_cluster(voters({1, 2, 3, 4, 5}, {{1, {make_zxid(2, 7), 2}},
                                                 {2, {make_zxid(2, 9), 2}},
                                                 {3, {make_zxid(1, 20), 1}},
                                                 {4, {make_zxid(2, 9), 2}},
                                                 {5, {make_zxid(2, 3), 2}}}));
  add_all(c, {5, 3, 1, 2, 4});  // start order does not matter
  c.advance_by(sec(2));
  check_elected(c, {1, 2, 3, 4, 5}, 4);
  for (NodeId id = 1; id <= 5; ++id) CHECK(node(c, id).election().logical_clock() == 1);
}

TEST_CASE("election: with equal histories the highest sid wins") {
  for (NodeId n : {1u, 3u, 5u, 7u}) {
    CAPTURE(n);
    std::vector<NodeId> ids;
    for (NodeId id = 1; id <= n; ++id) ids.push_back(id);
    auto c = make_cluster(voters(ids));
    add_all(c, ids);
    c.advance_by(sec(2));
    check_elected(c, ids, n);
  }
}

TEST_CASE("election: every server reports the same ElectionFinished") {
  auto c = make_cluster(voters({1, 2, 3}));
  add_all(c, {1, 2, 3});
  c.advance_by(sec(2));
  std::size_t finished = 0;
  for (const auto& entry : c.observations()) {
    if (const auto* f = std::get_if<ElectionFinished>(&entry.what)) {
      ++finished;
      CHECK(f->leader == 3);
      CHECK(f->election_epoch == 1);
      CHECK(f->started_ns == 0);
    }
  }
  CHECK(finished == 3);
}

TEST_CASE("election: a late joiner follows the established leader, even with a better vote") {
  // 3 has the best history but was down when 1 and 2 elected 2.
  auto c = make_cluster(voters({1, 2, 3}, {{3, {make_zxid(1, 50), 1}}}));
  add_all(c, {1, 2});
  c.advance_by(sec(1));
  check_elected(c, {1, 2}, 2);
  c.add(3);
  c.advance_by(ms(10));
  check_elected(c, {1, 2, 3}, 2);  // through FOLLOWING/LEADING answers: no finalize wait
  CHECK(*node(c, 3).decided_ns - sec(1) <= ms(3));
  CHECK(node(c, 1).answers_sent + node(c, 2).answers_sent == 2);
}

TEST_CASE("election: a restarted server joins a leader elected in a later round") {
  auto c = make_cluster(voters({1, 2, 3}));
  add_all(c, {1, 2, 3});
  c.advance_by(sec(1));
  check_elected(c, {1, 2, 3}, 3);
  c.crash(3);  // 1 and 2 see the reset and elect again, in round 2
  c.advance_by(sec(1));
  check_elected(c, {1, 2}, 2);
  CHECK(node(c, 1).election().logical_clock() == 2);
  c.restart(3);  // a new process: logical clock 1 again, behind the others' round 2
  c.advance_by(ms(10));
  check_elected(c, {1, 2, 3}, 2);
  CHECK(node(c, 3).election().logical_clock() == 2);  // adopted the round it joined
}

TEST_CASE("election: a partitioned minority keeps looking, then joins the leader after heal") {
  auto c = make_cluster(voters({1, 2, 3, 4, 5}));
  add_all(c, {1, 2, 3, 4, 5});
  c.isolate(5);
  c.isolate(4);
  c.advance_by(sec(5));
  check_elected(c, {1, 2, 3}, 3);
  CHECK_FALSE(node(c, 4).decided());
  CHECK_FALSE(node(c, 5).decided());
  c.heal();
  c.advance_by(sec(10));  // the next re-sends (their timeouts have doubled meanwhile)
  check_elected(c, {1, 2, 3, 4, 5}, 3);
}

TEST_CASE("election: no quorum, no leader") {
  auto c = make_cluster(voters({1, 2, 3, 4, 5}));
  add_all(c, {4, 5});
  c.advance_by(sec(600));
  CHECK_FALSE(node(c, 4).decided());
  CHECK_FALSE(node(c, 5).decided());
  // The third of five makes a majority. 4 and 5 already agree on 5, in the same round as 3's
  // first vote, and their 60 s re-send is far off. ZooKeeper's connection manager sends 3 their
  // last notification as soon as 3 connects; here 3's worse vote stands in for the connect, and
  // each answers it with its vote for 5 (before, 3 waited 102.2 s + 60 s for their re-send).
  // 3 adopts 5, its notification completes a quorum, and everyone's finalize wait ends it.
  c.add(3);
  const Time joined_ns = c.now();
  c.advance_by(sec(1));
  check_elected(c, {3, 4, 5}, 5);
  // 3 -> 4, 5 -> 3 (two hops), then the finalize wait.
  CHECK(*node(c, 3).decided_ns - joined_ns == ms(2) + FastLeaderElection::kFinalizeWaitTime);
  CHECK(*node(c, 5).decided_ns - joined_ns == ms(3) + FastLeaderElection::kFinalizeWaitTime);
}

TEST_CASE("election: the vote_ignores_epoch bug elects a server that missed the last epoch") {
  // 1 acknowledged epoch 3 but holds no transaction of it yet; 2 missed epoch 3 and holds more
  // epoch-2 transactions. Only 1 may lead: its epoch says a newer leader was established.
  const std::map<NodeId, History> histories{{1, {make_zxid(2, 5), 3}},
                                            {2, {make_zxid(2, 10), 2}},
                                            {3, {make_zxid(2, 1), 2}}};
  auto correct = voters({1, 2, 3}, histories);
  auto c = make_cluster(correct);
  add_all(c, {1, 2, 3});
  c.advance_by(sec(2));
  check_elected(c, {1, 2, 3}, 1);

  auto buggy = voters({1, 2, 3}, histories);
  buggy->bugs.vote_ignores_epoch = true;
  auto b = make_cluster(buggy);
  add_all(b, {1, 2, 3});
  b.advance_by(sec(2));
  check_elected(b, {1, 2, 3}, 2);
}

TEST_CASE("election: one seed, one history: two runs send and decide identically") {
  auto run = [] {
    auto c = make_cluster(voters({1, 2, 3, 4, 5}, {{2, {make_zxid(1, 4), 1}}}));
    add_all(c, {3, 1, 5, 2, 4});
    c.drop([](NodeId from, NodeId, const Message&) { return from == 2; });
    c.advance_by(sec(3));
    std::vector<std::tuple<Time, NodeId, NodeId>> decisions;
    for (const auto& e : c.observations())
      if (const auto* f = std::get_if<ElectionFinished>(&e.what)) decisions.emplace_back(e.time_ns, e.node, f->leader);
    return std::make_pair(decisions, c.messages_delivered());
  };
  const auto first = run();
  CHECK(first.first.size() == 5);
  CHECK(first == run());
}
