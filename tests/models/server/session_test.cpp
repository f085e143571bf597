// Sessions, ephemeral znodes and watches across the ensemble, on the in-memory harness: the leader
// alone expires a session (closeSession), which deletes its ephemerals on every server and fires
// the watches other clients left on them; a client that moves within the timeout keeps all of it.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "analysis/checkers/safety_checker.hpp"
#include "models/balancing/zk_host_provider.hpp"
#include "models/client/client.hpp"
#include "tests/models/server/ensemble.hpp"

namespace {

using namespace models;
using zk_test::Ensemble;
using zk_test::EnsembleOptions;

constexpr Time kSession = sec(12);

// Clients that issue only what a test submits, checked by checker (when given).
EnsembleOptions quiet_clients(int clients, analysis::Recorder* checker = nullptr) {
  EnsembleOptions o;
  o.clients = clients;
  o.workload.rate_per_s = 0;  // the tests issue every operation themselves
  o.session_timeout_ns = kSession;
  o.recorder = checker;
  return o;
}

Op op(OpCode code, std::string path, std::uint8_t flags = 0, bool watch = false) {
  Op o;
  o.code = code;
  o.kind = kind_of(code, OpKind::read);
  o.path = std::move(path);
  o.flags = flags;
  o.watch = watch;
  return o;
}

bool all_connected(Ensemble& e) {
  for (NodeId c : e.clients)
    if (!e.client(c).connected()) return false;
  return true;
}

// A leader is established and every client is connected.
void settle(Ensemble& e, Time connect_within = sec(10)) {
  REQUIRE(e.wait_stable(sec(10)));
  REQUIRE(e.wait_until([&] { return all_connected(e); }, connect_within));
}

// Every serving server's copy of the tree holds path (or none does).
bool everywhere(Ensemble& e, const std::string& path, bool present) {
  for (NodeId id : e.servers)
    if (e.alive(id) && e.server(id).serving() && (e.server(id).tree().find(path) != nullptr) != present) return false;
  return true;
}

// Client a owns the ephemeral /svc/a; client b watches /svc's children and /svc/a itself.
void register_and_watch(Ensemble& e, NodeId a, NodeId b) {
  settle(e);
  e.submit(a, op(OpCode::create, "/svc"));
  e.submit(a, op(OpCode::create, "/svc/a", kEphemeral));
  REQUIRE(e.wait_until([&] { return everywhere(e, "/svc/a", true); }, sec(2)));
  e.submit(b, op(OpCode::children, "/svc", 0, true));
  e.submit(b, op(OpCode::exists, "/svc/a", 0, true));
  e.cluster().advance_by(ms(100));
}

std::vector<WatchTriggered> watch_events(Ensemble& e, NodeId client) {
  std::vector<WatchTriggered> found;
  for (const auto& [t, w] : e.all<WatchTriggered>(client)) found.push_back(w);
  return found;
}


// Curator's judgement on or off for every client (models/client/session_loss.cpp).
EnsembleOptions quiet_clients_with_curator(bool curator) {
  EnsembleOptions o = quiet_clients(2);
  o.client_tweak = [curator](ClientConfig& c) { c.curator_expiry = curator; };
  return o;
}

// Client a owns two ephemerals under /svc and watches one of them and /svc's children.
void own_and_watch(Ensemble& e, NodeId a) {
  settle(e);
  e.submit(a, op(OpCode::create, "/svc"));
  e.submit(a, op(OpCode::create, "/svc/a", kEphemeral));
  e.submit(a, op(OpCode::create, "/svc/b", kEphemeral));
  e.submit(a, op(OpCode::children, "/svc", 0, true));
  e.submit(a, op(OpCode::exists, "/svc/a", 0, true));
  e.cluster().advance_by(ms(500));
}

std::size_t failed_with(const Ensemble& e, NodeId client, Status status) {
  std::size_t n = 0;
  for (const auto& [t, r] : e.all<RequestCompleted>(client)) n += r.status == status;
  return n;
}

}  // namespace

TEST_CASE("session: a partition longer than the session timeout expires the session, its ephemerals and fires watches") {
  analysis::SafetyChecker checker;
  Ensemble e(quiet_clients(2, &checker));
  const NodeId a = e.clients[0], b = e.clients[1];
  register_and_watch(e, a, b);
  const SessionId first = e.client(a).session();
  REQUIRE(first != 0);

  e.cluster().isolate(a);
  e.cluster().advance_by(kSession + sec(4));  // the timeout, a tick of rounding, a ping's delay
  CHECK(everywhere(e, "/svc/a", false));
  CHECK(everywhere(e, "/svc", true));
  for (NodeId id : e.servers) CHECK(!e.server(id).tree().has_session(first));
  const auto events = watch_events(e, b);
  REQUIRE(events.size() == 2);  // one per watch, each once
  CHECK(events[0].event == WatchEventType::deleted);  // exists watch on /svc/a
  CHECK(events[0].path == "/svc/a");
  CHECK(events[1].event == WatchEventType::children_changed);
  CHECK(events[1].path == "/svc");

  // Back on the network, the client is told its session expired and starts a new one.
  e.cluster().heal();
  REQUIRE(e.wait_until([&] { return e.client(a).connected(); }, sec(30)));
  CHECK(e.count<SessionExpired>(a) == 1);
  CHECK(e.client(a).session() != first);
  CHECK(e.all<SessionEstablished>(a).back().second.fresh);
  e.cluster().advance_by(sec(1));
  CHECK(watch_events(e, b).size() == 2);  // nothing fires twice
  CHECK_MESSAGE(e.check_trees_equal().empty(), zk_test::joined(e.check_trees_equal()));
  CHECK_MESSAGE(!checker.violated(), checker.summary());
}

TEST_CASE("session: a partition shorter than the session timeout keeps the session and its ephemerals") {
  analysis::SafetyChecker checker;
  Ensemble e(quiet_clients(2, &checker));
  const NodeId a = e.clients[0], b = e.clients[1];
  register_and_watch(e, a, b);
  const SessionId first = e.client(a).session();
  e.cluster().isolate(a);
  e.cluster().advance_by(kSession / 6);
  e.cluster().heal();
  e.cluster().advance_by(3 * kSession);  // long after the session would have expired
  CHECK(everywhere(e, "/svc/a", true));
  CHECK(e.client(a).session() == first);
  CHECK(e.count<SessionExpired>(a) == 0);
  CHECK(watch_events(e, b).empty());
  CHECK_MESSAGE(!checker.violated(), checker.summary());
}

TEST_CASE("session: a client whose server powers off moves within 2s/3 and keeps its session and ephemerals") {
  analysis::SafetyChecker checker;
  Ensemble e(quiet_clients(4, &checker));
  settle(e);
  // A client on a follower: with the leader the move would also wait for a new election.
  NodeId a = kNoNode;
  for (NodeId c : e.clients)
    if (e.client(c).server() != e.leader()) a = c;
  REQUIRE(a != kNoNode);
  const NodeId b = a == e.clients[0] ? e.clients[1] : e.clients[0];
  register_and_watch(e, a, b);
  const SessionId session = e.client(a).session();
  const NodeId old_server = e.client(a).server();

  const Time off = e.cluster().now();
  e.cluster().power_off(old_server);
  REQUIRE(e.wait_until([&] { return e.count<SessionMoved>(a) == 1; }, kSession));
  const auto [moved_at, moved] = e.all<SessionMoved>(a).front();
  CHECK(moved.from_server == old_server);
  // 2s/3 of silence, then the java client's 100 ms cleanup pause and random sleep under 1 s.
  CHECK(moved_at - off <= kSession * 2 / 3 + ms(100) + ms(1000) + ms(50));
  e.cluster().advance_by(3 * kSession);
  CHECK(e.client(a).session() == session);
  CHECK(e.client(a).connected());
  CHECK(everywhere(e, "/svc/a", true));
  CHECK(e.count<SessionExpired>(a) == 0);
  CHECK(!e.all<SessionEstablished>(a).back().second.fresh);
  CHECK_MESSAGE(!checker.violated(), checker.summary());
}

TEST_CASE("datatree: every replica's tree is equal after quiescence, with the workload and sessions") {
  analysis::SafetyChecker checker;
  EnsembleOptions o;
  o.clients = 6;
  o.observers = 1;
  o.recorder = &checker;
  Ensemble e(o);
  REQUIRE(e.wait_stable(sec(10)));
  e.cluster().advance_by(sec(3));
  e.cluster().crash(e.clients[0]);  // its session stays until it expires
  e.cluster().advance_by(sec(3));
  for (NodeId c : e.clients)
    if (e.alive(c)) e.cluster().control(c, SetRate{0, 0.9});
  REQUIRE(e.cluster().run_until_quiet());
  CHECK(e.server(e.leader()).tree().nodes() > 10);
  CHECK(e.server(e.leader()).tree().sessions().size() == 6);
  CHECK_MESSAGE(e.check_trees_equal().empty(), zk_test::joined(e.check_trees_equal()));
  CHECK_MESSAGE(e.check_outcomes().empty(), zk_test::joined(e.check_outcomes()));
  e.cluster().advance_by(o.session_timeout_ns + sec(5));  // the crashed client's session expires
  REQUIRE(e.cluster().run_until_quiet());
  CHECK(e.server(e.leader()).tree().sessions().size() == 5);
  CHECK_MESSAGE(e.check_trees_equal().empty(), zk_test::joined(e.check_trees_equal()));
  CHECK_MESSAGE(!checker.violated(), checker.summary());
}

TEST_CASE("session: clients choose servers through the configured balancing strategy") {
  SUBCASE("zk_host_provider, the default, walks the connect string shuffled as the client always did") {
    Ensemble e(quiet_clients(5));
    settle(e);
    for (NodeId c : e.clients) {
      const auto& provider = dynamic_cast<const balancing::ZkHostProvider&>(e.client(c).strategy());
      Rng rng = Rng::for_stream(e.options().seed, c);
      std::vector<NodeId> order = e.servers;
      rng.shuffle(order);  // the client's first draw, before there were strategies
      CHECK(provider.connect_order() == order);
      CHECK(e.all<SessionEstablished>(c).front().second.fresh);
    }
  }
  SUBCASE("round_robin spreads the clients over every server") {
    // Each client's cycle starts at a random server: 30 of them leave one out with odds 3 x (2/3)^30.
    EnsembleOptions o = quiet_clients(30);
    o.client_strategy = "round_robin";
    Ensemble e(o);
    settle(e, sec(20));
    std::set<NodeId> used;
    for (NodeId c : e.clients) {
      CHECK(e.client(c).strategy().name() == "round_robin");
      used.insert(e.client(c).server());
    }
    CHECK(used.size() == e.servers.size());
  }
  SUBCASE("a strategy switch moves each session to the server the new strategy picks, keeping it") {
    Ensemble e(quiet_clients(9));
    settle(e);
    balancing::StrategyOptions options;
    options.virtual_nodes = 10;
    std::map<NodeId, SessionId> sessions;
    for (NodeId c : e.clients) {
      sessions[c] = e.client(c).session();
      e.cluster().control(c, SetStrategy{"consistent_hash", options});
    }
    e.cluster().advance_by(sec(1));
    for (NodeId c : e.clients) {
      CHECK(e.client(c).strategy().name() == "consistent_hash");
      CHECK(e.client(c).connected());
      CHECK(e.client(c).session() == sessions[c]);  // moved, not expired
      CHECK(e.client(c).server() == e.client(c).strategy().last_pick());
    }
    CHECK(e.count<SessionExpired>(e.clients[0]) == 0);
  }
}

// ZooKeeper's client re-sends its watches (SetWatches, with the last zxid it saw) to the server it
// reconnects to: a change made while it was away fires at once, a later one fires from there.
TEST_CASE("session: a client that moves re-registers its watches on its new server (setWatches)") {
  analysis::SafetyChecker checker;
  Ensemble e(quiet_clients(6, &checker));
  settle(e);
  // The watcher b on a follower; the owner a on another server, so that it keeps writing.
  NodeId a = kNoNode, b = kNoNode;
  for (NodeId c : e.clients)
    if (b == kNoNode && e.client(c).server() != e.leader()) b = c;
  REQUIRE(b != kNoNode);
  for (NodeId c : e.clients)
    if (a == kNoNode && e.client(c).server() != e.client(b).server()) a = c;
  REQUIRE(a != kNoNode);
  register_and_watch(e, a, b);
  const NodeId old_server = e.client(b).server();

  e.cluster().power_off(old_server);
  e.submit(a, op(OpCode::create, "/svc/while_away"));  // /svc's children change before b moves
  REQUIRE(e.wait_until([&] { return e.count<SessionMoved>(b) == 1; }, kSession));
  e.cluster().advance_by(ms(100));
  auto events = watch_events(e, b);
  REQUIRE(events.size() == 1);  // fired by the new server on re-registration
  CHECK(events[0].event == WatchEventType::children_changed);
  CHECK(events[0].path == "/svc");
  CHECK(e.client(b).server() != old_server);

  e.submit(a, op(OpCode::remove, "/svc/a"));  // the exists watch on /svc/a now lives on the new server
  e.cluster().advance_by(ms(200));
  events = watch_events(e, b);
  REQUIRE(events.size() == 2);
  CHECK(events[1].event == WatchEventType::deleted);
  CHECK(events[1].path == "/svc/a");
  CHECK(e.count<SessionExpired>(b) == 0);
  CHECK_MESSAGE(!checker.violated(), checker.summary());
}

// The end of a session as its client sees it: told by the ensemble when it comes back, or judged by
// Curator after a session timeout without a connection; its calls fail with session_expired, its
// watches are counted as lost, and the leader's expiry says how many ephemerals went with it.
TEST_CASE("session loss: the leader's expiry deletes the session's ephemerals and says how many") {
  Ensemble e(quiet_clients_with_curator(false));
  const NodeId a = e.clients[0];
  own_and_watch(e, a);
  const SessionId first = e.client(a).session();
  e.cluster().isolate(a);
  e.cluster().advance_by(kSession + sec(4));
  const auto closed = e.all<SessionClosed>();
  REQUIRE(closed.size() == 1);  // at the leader only, which proposed it
  CHECK(closed[0].second.session == first);
  CHECK(closed[0].second.expired);
  CHECK(closed[0].second.ephemerals_deleted == 2);
}

TEST_CASE("session loss: told by the ensemble, a call waiting for the connection fails with session_expired and the watches count as lost") {
  Ensemble e(quiet_clients_with_curator(false));
  const NodeId a = e.clients[0];
  own_and_watch(e, a);
  e.cluster().isolate(a);
  e.cluster().advance_by(kSession + sec(4));
  CHECK(e.count<SessionExpired>(a) == 0);  // the plain library waits to be told
  e.cluster().heal();
  // A caller that keeps calling: whatever waits when the server's answer comes fails with it.
  REQUIRE(e.wait_until([&] {
    if (!e.client(a).connected()) e.submit(a, op(OpCode::exists, "/svc"));
    return e.count<SessionExpired>(a) == 1;
  }, sec(30), ms(10)));
  const SessionExpired told = e.all<SessionExpired>(a).back().second;
  CHECK(!told.by_client);
  CHECK(told.watches_lost == 2);
  CHECK(failed_with(e, a, Status::session_expired) >= 1);
  REQUIRE(e.wait_until([&] { return e.client(a).connected(); }, sec(30)));
  CHECK(e.all<SessionEstablished>(a).back().second.fresh);
}

TEST_CASE("session loss: Curator ends a session whose connection stayed lost a whole session timeout, once, and starts a new one") {
  Ensemble e(quiet_clients_with_curator(true));
  const NodeId a = e.clients[0];
  own_and_watch(e, a);
  e.cluster().isolate(a);
  REQUIRE(e.wait_until([&] { return !e.client(a).connected(); }, kSession));  // the read timeout
  e.cluster().advance_by(kSession - ms(100));
  CHECK(e.count<SessionExpired>(a) == 0);  // SUSPENDED, not yet LOST
  e.cluster().advance_by(ms(200));
  REQUIRE(e.count<SessionExpired>(a) == 1);
  const SessionExpired judged = e.all<SessionExpired>(a).back().second;
  CHECK(judged.by_client);
  CHECK(judged.watches_lost == 2);
  e.cluster().advance_by(2 * kSession);
  CHECK(e.count<SessionExpired>(a) == 1);  // LOST until connected again: no second injection
  e.cluster().heal();
  REQUIRE(e.wait_until([&] { return e.client(a).connected(); }, sec(30)));
  CHECK(e.count<SessionExpired>(a) == 1);  // the new session is alive on the ensemble
  CHECK(e.all<SessionEstablished>(a).back().second.fresh);
}

TEST_CASE("session loss: a connection back within the session timeout is not ended by Curator") {
  Ensemble e(quiet_clients_with_curator(true));
  const NodeId a = e.clients[0];
  own_and_watch(e, a);
  const SessionId first = e.client(a).session();
  e.cluster().isolate(a);
  REQUIRE(e.wait_until([&] { return !e.client(a).connected(); }, kSession));
  e.cluster().advance_by(kSession / 4);
  e.cluster().heal();
  REQUIRE(e.wait_until([&] { return e.client(a).connected(); }, kSession / 2));
  e.cluster().advance_by(2 * kSession);
  CHECK(e.count<SessionExpired>(a) == 0);
  CHECK(e.client(a).session() == first);
}
