// The failover path as ZooKeeper 3.8 takes it (reference/zookeeper.md, "Failover, step by step"),
// one mechanism per test: each fails without the behaviour it names.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

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

namespace {

// Where and when one node sent a connect request (the client's connection attempts).
class ConnectAttempts final : public harness::Tap {
 public:
  explicit ConnectAttempts(NodeId client) : client_(client) {}
  void input(Time, NodeId, const Input&) override {}
  void effects(Time now, NodeId node, const Effects& effects) override {
    if (node != client_) return;
    for (const Send& s : effects.sends)
      if (std::holds_alternative<ConnectRequest>(s.message)) attempts.push_back({now, s.to});
  }
  std::vector<std::pair<Time, NodeId>> attempts;

 private:
  NodeId client_;
};

}  // namespace

TEST_CASE("failover: a frozen server's kernel accepts a client's connection, which waits out its connect timeout") {
  // One Java client that knows servers 1 and 2 only: when its server crashes, it tries the other.
  EnsembleOptions o = with(3, 1, sec(6));  // connect timeout 6 s / 2 servers = 3 s
  o.client_tweak = [](ClientConfig& c) { c.servers = {1, 2}; };
  Ensemble e(o);
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(sec(1));
  const NodeId client = e.clients.front();
  const NodeId own = e.client(client).server();
  REQUIRE((own == 1 || own == 2));
  const NodeId other = own == 1 ? 2 : 1;
  ConnectAttempts tap(client);
  e.cluster().set_tap(&tap);
  e.cluster().freeze(other, sec(30));
  e.cluster().crash(own);
  REQUIRE(e.wait_until([&] { return tap.attempts.size() >= 2; }, sec(20), ms(1)));
  // The attempt at the frozen server is neither answered nor refused: the client gives up on it
  // only when its connect timeout ends, then tries the next server.
  CHECK(tap.attempts[0].second == other);
  CHECK(tap.attempts[1].first - tap.attempts[0].first >= sec(3));
  CHECK(e.client(client).server() != other);
  e.cluster().set_tap(nullptr);
}

TEST_CASE("failover: a leader resumed after a freeze leads until its next quorum check, expiring the sessions that timed out meanwhile") {
  // The quorum check runs every other half tick: frozen half a tick later, the leader resumes on
  // the other kind of tick. Its session expiry must not depend on which.
  Time before_freeze_ns = sec(1);
  SUBCASE("frozen on a whole tick") {}
  SUBCASE("frozen half a tick later") { before_freeze_ns += ms(1000); }
  Ensemble e(with(3, 3, sec(6)));
  REQUIRE(e.wait_stable(sec(5)));
  e.cluster().advance_by(before_freeze_ns);
  const NodeId old_leader = e.leader();
  REQUIRE(e.server(old_leader).tree().sessions().size() == 3);
  // The sessions of the followers' clients: nothing touches them at the frozen leader (a
  // follower reports its clients' activity in answer to the leader's pings). A client of the
  // leader itself may have a ping waiting in the kernel, handled first at resume.
  std::set<SessionId> away;
  for (NodeId c : e.clients)
    if (e.client(c).server() != old_leader) away.insert(e.client(c).session());
  REQUIRE(!away.empty());
  const Time freeze_ns = e.cluster().now();
  e.cluster().freeze(old_leader, sec(20));  // longer than syncLimit x tickTime (10 s)
  // The others notice the silence after syncLimit ticks and elect a leader among themselves.
  REQUIRE(e.wait_until([&] { return e.established_leaders().size() == 2; }, sec(19), ms(5)));
  CHECK(e.cluster().now() - freeze_ns >= sec(10));
  e.cluster().advance_to(freeze_ns + sec(20));
  REQUIRE(!e.cluster().frozen(old_leader));
  // Resumed, it still leads: nothing told it otherwise while it slept.
  CHECK(e.server(old_leader).state() == PeerState::leading);
  REQUIRE(e.wait_until([&] { return e.server(old_leader).state() != PeerState::leading; }, sec(5), ms(1)));
  const Time stepped_down_ns = e.cluster().now() - (freeze_ns + sec(20));
  CAPTURE(stepped_down_ns);
  // Leader.lead checks its quorum every other half tick, in ticks it counted itself: the check
  // that comes first after the resume may still count the followers (no tick passed for them),
  // the next one, a tick later at most, finds their connections closed. (It steps down, then
  // reads its log back before it is LOOKING: a few ms here.)
  CHECK(stepped_down_ns <= e.options().tick_ns + ms(10));
  // Its session tracker woke with it: the deadlines of those sessions had passed, so each became
  // a closeSession of the old epoch in its log (never committed: it had no quorum).
  std::set<SessionId> closed;
  const Epoch old_epoch = e.all<LeaderEstablished>(old_leader).front().second.epoch;
  for (const Txn& txn : e.durable(old_leader).log)
    if (txn.op.code == OpCode::close_session && epoch_of(txn.zxid) == old_epoch) closed.insert(txn.session);
  for (SessionId session : away) CHECK(closed.count(session) == 1);
  REQUIRE(e.wait_stable(sec(30)));
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
}

TEST_CASE("failover: a new leader starts its server (zk.startup) before it serves, and its followers wait for it") {
  // The same election twice, with and without the server's start-up time.
  const auto established_after_crash = [](Time startup_ns) {
    EnsembleOptions o = with(3, 0);
    o.tweak = [startup_ns](ServerConfig& c) { c.server_startup_ns = startup_ns; };
    Ensemble e(o);
    REQUIRE(e.wait_stable(sec(5)));
    const NodeId old_leader = e.leader();
    const Time crash_ns = e.cluster().now();
    e.cluster().crash(old_leader);
    REQUIRE(e.wait_until([&] { return e.leader() != kNoNode && e.leader() != old_leader; }, sec(5), ms(1)));
    const NodeId leader = e.leader();
    const Time established_ns = e.all<LeaderEstablished>(leader).back().first;
    // UPTODATE leaves only then: no follower serves before the leader does.
    for (NodeId id : e.servers)
      if (id != leader && id != old_leader) CHECK(!e.server(id).serving());
    return established_ns - crash_ns;
  };
  const Time quick_ns = established_after_crash(0);
  const Time slow_ns = established_after_crash(ms(50));
  CHECK(slow_ns - quick_ns == ms(50));
}
