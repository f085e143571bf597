#include <doctest/doctest.h>

#include "tests/models/server/ensemble.hpp"

using namespace models;
using zk_test::Ensemble;
using zk_test::EnsembleOptions;
using zk_test::with;

namespace {

}  // namespace

TEST_CASE("server: an ensemble elects a leader, establishes it and commits clients' writes everywhere") {
  for (int n : {3, 5}) {
    CAPTURE(n);
    Ensemble e(with(n, 3));
    REQUIRE(e.wait_stable(sec(5)));
    const NodeId leader = e.leader();
    CHECK(leader == static_cast<NodeId>(n));  // equal (empty) histories: the highest sid wins
    CHECK(e.count<LeaderEstablished>(leader) == 1);
    CHECK(e.count<ElectionFinished>() == static_cast<std::size_t>(n));
    CHECK(e.count<StateSynced>() >= static_cast<std::size_t>(n));  // fresh start, then the sync
    e.cluster().advance_by(sec(10));
    CHECK(e.acknowledged_writes() > 500);
    CHECK(e.count<RequestServed>() > 1000);  // reads and writes answered by every server
    e.cluster().advance_by(ms(50));          // let the last commits reach everybody
    const std::vector<Txn> history = e.committed(leader);
    for (NodeId id : e.servers) CHECK(e.committed(id).size() + 10 >= history.size());
    CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
    for (NodeId id : e.servers) CHECK(e.received(id, "snap") + e.received(id, "trunc") == 0);
  }
}

TEST_CASE("server: a server that does not serve refuses sessions, and closes them when it stops serving") {
  Ensemble e(with(3, 0));
  // Before the election ends nobody serves.
  e.cluster().inject(1, kFirstClientId + 7, ConnectRequest{0, sec(30), 0});
  e.cluster().advance_by(ms(2));
  CHECK(e.server(1).client_count() == 0);
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().inject(1, kFirstClientId + 7, ConnectRequest{0, sec(30), 0});
  e.cluster().advance_by(ms(2));
  CHECK(e.server(1).client_count() == 1);
  e.cluster().crash(e.leader());  // server 1 loses its leader, lets its clients go, and goes LOOKING
  CHECK(e.server(1).client_count() == 0);
  CHECK(e.server(1).reloading());
  e.cluster().advance_by(ms(2));
  CHECK(e.server(1).state() == PeerState::looking);
}

TEST_CASE("server: an observer is synced, gets committed writes as INFORM and forwards its clients' writes") {
  EnsembleOptions o = with(3, 4);
  o.observers = 1;
  Ensemble e(o);
  REQUIRE(e.wait_stable(sec(5)));
  CHECK(e.server(4).state() == PeerState::observing);
  e.cluster().advance_by(sec(5));
  CHECK(e.received(4, "inform") > 0);
  CHECK(e.received(4, "proposal") == 0);
  CHECK(e.received(3, "request") > 0);  // forwarded writes reach the leader
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}
