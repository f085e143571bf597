// The failover path as ZooKeeper 3.8 takes it (reference/zookeeper.md, "Failover, step by step"),
// one mechanism per test: each fails without the behaviour it names.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/models/server/ensemble.hpp"

using namespace models;
using zk_test::Ensemble;
using zk_test::EnsembleOptions;
using zk_test::with;

namespace {

// The first time after `after` at which `node` changed to `state`.
std::optional<Time> entered(const Ensemble& e, NodeId node, PeerState state, Time after) {
  for (const auto& [t, changed] : e.all<StateChanged>(node))
    if (t >= after && changed.state == state) return t;
  return std::nullopt;
}

// A slow data device, so that database work takes a visible time: 1 ms + 1 ms per 10 kB.
EnsembleOptions slow_disk(int voters, int clients) {
  EnsembleOptions o = with(voters, clients);
  o.net.disk_task_ns = ms(1);
  o.net.disk_bytes_per_ms = 10'000;
  return o;
}

}  // namespace

TEST_CASE("failover: a follower that loses its leader reads its log back before it goes LOOKING") {
  Ensemble e(slow_disk(3, 3));
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(3));  // followers log a few hundred kB
  const NodeId leader = e.leader();
  const Time crash_ns = e.cluster().now();
  e.cluster().crash(leader);
  for (NodeId id : e.servers) {
    if (id == leader) continue;
    CAPTURE(id);
    CHECK(e.server(id).reloading());
    CHECK(e.server(id).client_count() == 0);  // the clients were let go at once
  }
  for (NodeId id : e.servers) {
    if (id == leader) continue;
    CAPTURE(id);
    REQUIRE(e.wait_until([&] { return entered(e, id, PeerState::looking, crash_ns).has_value(); }, sec(5), ms(1)));
    // ZooKeeperServer.shutdown's fast-forward reads the whole log file this process wrote.
    std::uint64_t log_bytes = 0;
    for (const Txn& txn : e.durable(id).log) log_bytes += txn_wire_bytes(txn);
    const Time expected_ns = ms(1) + static_cast<Time>(static_cast<double>(log_bytes) / 10'000 * 1e6);
    const Time looking_ns = *entered(e, id, PeerState::looking, crash_ns);
    CHECK(looking_ns - crash_ns >= expected_ns - ms(2));
    CHECK(looking_ns - crash_ns <= expected_ns + ms(5));
    CHECK(log_bytes > 20'000);
  }
}

TEST_CASE("failover: while it reads its log back, a follower answers a LOOKING peer as a follower of the old leader") {
  Ensemble e(slow_disk(3, 3));
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(1));
  const NodeId leader = e.leader();
  e.cluster().crash(leader);
  const NodeId follower = leader == 1 ? 2 : 1;
  REQUIRE(e.server(follower).reloading());
  const int before = e.received(follower, "notification");
  e.cluster().inject(follower, leader == 3 ? 2 : 3, FastLeaderElection::answer(PeerState::looking, Vote{9, 0, 0}, 99, 0));
  e.cluster().advance_by(ms(1));
  CHECK(e.received(follower, "notification") == before + 1);
  CHECK(e.server(follower).state() == PeerState::following);
}

TEST_CASE("failover: a new leader writes its snapshot before it reads its learners, who wait in its listen backlog") {
  Ensemble e(slow_disk(3, 3));
  REQUIRE(e.wait_stable(sec(5)));
  REQUIRE(e.leader() == 3);  // equal histories: the highest sid
  e.cluster().advance_by(sec(2));
  e.cluster().crash(3);
  REQUIRE(e.wait_stable(sec(10)));
  REQUIRE(e.leader() == 2);
  // 1 decided with 2, after the same finalize wait, and connected while 2 was still writing the
  // snapshot of its tree (milliseconds here). The quorum port is bound from the Leader's
  // construction: the connection waits, unrefused, and is read once the snapshot is done.
  const auto decided = e.all<ElectionFinished>(1);
  const auto snapshots = e.all<DataWorkDone>(2);
  const auto established = e.all<LeaderEstablished>(2);
  REQUIRE(!decided.empty());
  REQUIRE(!established.empty());
  const auto written = std::find_if(snapshots.rbegin(), snapshots.rend(),
                                    [](const auto& w) { return w.second.kind == DataWorkDone::Kind::write_snapshot; });
  REQUIRE(written != snapshots.rend());
  CHECK(written->first - written->second.started_ns > ms(2));  // the snapshot took a while
  CHECK(decided.back().first < written->first);                 // 1 connected meanwhile
  CHECK(e.received(1, "close") == 0);                           // and was not refused
  CHECK(e.received(2, "followerinfo") == 1);
  CHECK(established.back().first - written->first < zab::ZabPeer::kConnectRetryDelay);  // no retry to wait for
}

TEST_CASE("failover: the followers of a powered-off leader that comes back see a reset at their next forward") {
  Ensemble e(with(3, 0));
  REQUIRE(e.wait_stable(sec(5)));
  const NodeId leader = e.leader();
  e.cluster().power_off(leader);
  e.cluster().advance_by(ms(500));
  e.cluster().restart(leader);  // a new process: it knows none of the old connections
  const Time back_ns = e.cluster().now();
  // A write at each follower, forwarded to the leader, meets its new process's reset. Without it,
  // the followers wait out syncLimit x tickTime (10 s) of silence while it leads alone.
  std::uint64_t cxid = 1;
  for (NodeId id : e.servers)
    if (id != leader) e.inject_write(id, kFirstClientId + 70 + id, cxid++);
  for (NodeId id : e.servers) {
    if (id == leader) continue;
    CAPTURE(id);
    REQUIRE(e.wait_until([&] { return e.server(id).state() != PeerState::following || e.server(id).reloading(); },
                         sec(20), ms(5)));
    CHECK(e.cluster().now() - back_ns < sec(1));
  }
  // The new process, elected by its own stale votes, leads alone until its initLimit runs out;
  // then it joins the others' leader.
  REQUIRE(e.wait_stable(sec(40)));
}

TEST_CASE("failover: a follower lets the leader validate a session a client brings back before it answers") {
  Ensemble e(with(3, 1));
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(2));
  const NodeId leader = e.leader();
  const NodeId client = e.clients.front();
  const SessionId session = e.client(client).session();
  REQUIRE(session != 0);
  // The session comes back through a follower it was not on, as after its server failed.
  NodeId follower = kNoNode;
  for (NodeId id : e.servers)
    if (id != leader && id != e.client(client).server()) follower = id;
  const std::size_t clients_before = e.server(follower).client_count();
  const int asked_before = e.received(leader, "revalidate");
  e.cluster().inject(follower, kFirstClientId + 70, ConnectRequest{session, e.options().session_timeout_ns, 0});
  // The leader is asked first, and until its answer is back the follower has not taken the client.
  REQUIRE(e.wait_until([&] { return e.received(leader, "revalidate") == asked_before + 1; }, sec(1), us(10)));
  CHECK(e.server(follower).client_count() == clients_before);
  REQUIRE(e.wait_until([&] { return e.received(follower, "revalidate") == 1; }, sec(1), us(10)));
  e.cluster().advance_by(ms(1));
  CHECK(e.server(follower).client_count() == clients_before + 1);
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}
