// The end of a session as the client sees it (models/client/session_loss.cpp), on the in-memory
// harness: told by the ensemble when it comes back, or judged by Curator after a session timeout
// of lost connection; its calls fail with session_expired, its watches are counted as lost, and
// the leader's expiry says how many ephemeral znodes went with it.
#include <doctest/doctest.h>

#include "models/client/client.hpp"
#include "tests/models/server/ensemble.hpp"

namespace {

using namespace models;
using zk_test::Ensemble;
using zk_test::EnsembleOptions;

constexpr Time kSession = sec(12);

EnsembleOptions quiet_clients(bool curator) {
  EnsembleOptions o;
  o.clients = 2;
  o.workload.rate_per_s = 0;  // the tests issue every operation themselves
  o.session_timeout_ns = kSession;
  o.client_tweak = [curator](ClientConfig& c) { c.curator_expiry = curator; };
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

// Client a owns two ephemerals under /svc and watches one of them and /svc's children.
void register_and_watch(Ensemble& e, NodeId a) {
  REQUIRE(e.wait_stable(sec(10)));
  REQUIRE(e.wait_until([&] { return e.client(a).connected(); }, sec(10)));
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

TEST_CASE("session loss: the leader's expiry deletes the session's ephemerals and says how many") {
  Ensemble e(quiet_clients(false));
  const NodeId a = e.clients[0];
  register_and_watch(e, a);
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
  Ensemble e(quiet_clients(false));
  const NodeId a = e.clients[0];
  register_and_watch(e, a);
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
  Ensemble e(quiet_clients(true));
  const NodeId a = e.clients[0];
  register_and_watch(e, a);
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
  Ensemble e(quiet_clients(true));
  const NodeId a = e.clients[0];
  register_and_watch(e, a);
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
