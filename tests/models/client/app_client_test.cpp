// The service-discovery state machines driven by hand, one input at a time: what an application
// client sends and observes as its ZooKeeper session, its watch and its backends answer or die.
#include <doctest/doctest.h>

#include "models/client/app_client.hpp"
#include "models/client/app_server.hpp"

using namespace models;

namespace {

constexpr NodeId kZk = 1;
const NodeId kBackendA = kFirstAppServerId;
const NodeId kBackendB = kFirstAppServerId + 1;

AppClientConfig config() {
  AppClientConfig c;
  c.session.id = kFirstAppClientId;
  c.session.servers = {kZk};
  c.session.session_timeout_ns = sec(6);
  c.service_path = "/services/api";
  c.rate_per_s = 100;
  c.request_timeout_ns = ms(500);
  return c;
}

template <typename T>
std::vector<T> sent(const Effects& e, NodeId to) {
  std::vector<T> out;
  for (const Send& s : e.sends)
    if (s.to == to)
      if (const auto* m = std::get_if<T>(&s.message)) out.push_back(*m);
  return out;
}

template <typename T>
std::vector<T> observed(const Effects& e) {
  std::vector<T> out;
  for (const Observation& o : e.observe)
    if (const auto* x = std::get_if<T>(&o)) out.push_back(*x);
  return out;
}

// Connects the client's session and answers its getChildren with these backends.
Effects connect_and_list(AppClient& client, const std::vector<std::string>& names) {
  client.on_start(0);
  Effects e = client.on_message(ms(1), kZk, ConnectResponse{7, sec(6), true, false, 0, 1});
  const auto requests = sent<ClientRequest>(e, kZk);
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].op.code == OpCode::children);
  CHECK(requests[0].op.path == "/services/api");
  CHECK(requests[0].op.watch);
  ClientReply reply{requests[0].cxid, OpKind::read, Status::ok, 1};
  reply.names = names;
  return client.on_message(ms(2), kZk, reply);
}

}  // namespace

TEST_CASE("app client: reads the registered backends with a watch and sends requests only to them") {
  AppClient client(config());
  const Effects listed = connect_and_list(client, {std::to_string(kBackendA), std::to_string(kBackendB), "junk"});
  CHECK(client.backends().size() == 2);
  REQUIRE(observed<BackendsChanged>(listed).size() == 1);
  Effects e = client.on_timer(ms(10), AppClient::kArrival);
  const auto sends = observed<AppRequestSent>(e);
  REQUIRE(sends.size() == 1);
  const NodeId backend = sends[0].backend;
  CHECK((backend == kBackendA || backend == kBackendB));
  REQUIRE(sent<AppRequest>(e, backend).size() == 1);
  Effects done = client.on_message(ms(12), backend, AppReply{sent<AppRequest>(e, backend)[0].request_id, 100});
  REQUIRE(observed<AppRequestDone>(done).size() == 1);
  CHECK(observed<AppRequestDone>(done)[0].ok);
  CHECK(client.in_flight() == 0);
}

TEST_CASE("app client: a request to a silent backend fails at its timeout, and a reset connection fails it at once") {
  AppClient client(config());
  connect_and_list(client, {std::to_string(kBackendA)});
  client.on_timer(ms(10), AppClient::kArrival);
  client.on_timer(ms(20), AppClient::kArrival);
  CHECK(client.in_flight() == 2);
  Effects timeout = client.on_timer(ms(510), AppClient::kTimeout);  // only the first is due
  REQUIRE(observed<AppRequestDone>(timeout).size() == 1);
  CHECK_FALSE(observed<AppRequestDone>(timeout)[0].ok);
  CHECK(client.in_flight() == 1);
  Effects reset = client.on_peer_lost(ms(30), kBackendA);
  REQUIRE(observed<AppRequestDone>(reset).size() == 1);
  CHECK(client.in_flight() == 0);
  CHECK(client.backends().size() == 1);  // the registration, not the connection, decides
}

TEST_CASE("app client: a watch event on the service re-reads the list with a new watch") {
  AppClient client(config());
  connect_and_list(client, {std::to_string(kBackendA), std::to_string(kBackendB)});
  Effects fired = client.on_message(sec(1), kZk, WatchEvent{WatchEventType::children_changed, "/services/api", 5});
  const auto requests = sent<ClientRequest>(fired, kZk);
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].op.code == OpCode::children);
  CHECK(requests[0].op.watch);
  ClientReply reply{requests[0].cxid, OpKind::read, Status::ok, 5};
  reply.names = {std::to_string(kBackendB)};
  client.on_message(sec(1) + ms(1), kZk, reply);
  REQUIRE(client.backends().size() == 1);
  CHECK(client.backends()[0].id == kBackendB);
  // Every later request goes to the one backend left.
  for (int i = 0; i < 5; ++i) CHECK(observed<AppRequestSent>(client.on_timer(sec(2) + i, AppClient::kArrival))[0].backend == kBackendB);
}

TEST_CASE("app client: with no backend registered yet, it retries the list and fails requests at once") {
  AppClient client(config());
  client.on_start(0);
  Effects e = client.on_message(ms(1), kZk, ConnectResponse{7, sec(6), true, false, 0, 1});
  const auto request = sent<ClientRequest>(e, kZk).at(0);
  Effects none = client.on_message(ms(2), kZk, ClientReply{request.cxid, OpKind::read, Status::no_node, 1});
  bool retry = false;
  for (const TimerSet& t : none.timers) retry = retry || t.id == AppClient::kListRetry;
  CHECK(retry);
  Effects arrival = client.on_timer(ms(3), AppClient::kArrival);
  REQUIRE(observed<AppRequestDone>(arrival).size() == 1);
  CHECK_FALSE(observed<AppRequestDone>(arrival)[0].ok);
  CHECK(client.on_timer(ms(200), AppClient::kListRetry).sends.size() == 1);
}

TEST_CASE("app server: registers an ephemeral znode under the service path once its session is new, and answers requests") {
  AppServerConfig c;
  c.session.id = kBackendA;
  c.session.servers = {kZk};
  c.service_path = "/services/api";
  AppServer server(c);
  server.on_start(0);
  Effects e = server.on_message(ms(1), kZk, ConnectResponse{9, sec(30), true, false, 0, 1});
  const auto creates = sent<ClientRequest>(e, kZk);
  REQUIRE(creates.size() == 3);
  CHECK(creates[0].op.path == "/services");
  CHECK(creates[1].op.path == "/services/api");
  CHECK(creates[2].op.path == "/services/api/" + std::to_string(kBackendA));
  CHECK(creates[2].op.flags == kEphemeral);
  CHECK(creates[0].op.flags == 0);
  Effects answer = server.on_message(ms(2), kFirstAppClientId, AppRequest{42, 10});
  REQUIRE(sent<AppReply>(answer, kFirstAppClientId).size() == 1);
  CHECK(sent<AppReply>(answer, kFirstAppClientId)[0].request_id == 42);
  CHECK(ancestor_paths("/a/b/c") == std::vector<std::string>{"/a", "/a/b", "/a/b/c"});
}
