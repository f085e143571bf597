// Every answer a server gives to a client's connection attempt names the attempt it answers
// (ConnectRequest::attempt): the client reads an answer only on the socket of its own attempt, so
// that a late answer to an attempt it gave up cannot pass for the answer to its current one
// (issue 16's seed 1016; the client side is in tests/models/client/client_library_test.cpp).
#include <doctest/doctest.h>

#include <vector>

#include "tests/models/server/ensemble.hpp"

using namespace models;
using zk_test::Ensemble;
using zk_test::with;

namespace {

// The ConnectResponses the servers send one client.
struct Answers final : harness::Tap {
  explicit Answers(NodeId client) : client(client) {}
  void input(Time, NodeId, const Input&) override {}
  void effects(Time, NodeId, const Effects& e) override {
    for (const Send& s : e.sends)
      if (const auto* r = std::get_if<ConnectResponse>(&s.message); r && s.to == client) seen.push_back(*r);
  }
  NodeId client;
  std::vector<ConnectResponse> seen;
};

ConnectResponse attempt(Ensemble& e, Answers& answers, NodeId server, SessionId session, std::uint64_t number) {
  const std::size_t before = answers.seen.size();
  e.cluster().inject(server, answers.client, ConnectRequest{session, sec(30), 0, number});
  e.cluster().advance_by(ms(50));
  REQUIRE(answers.seen.size() == before + 1);
  return answers.seen.back();
}

}  // namespace

TEST_CASE("server: every answer to a connection attempt names that attempt: refused, new, known, revalidated, expired") {
  Ensemble e(with(3, 0));
  Answers answers(kFirstClientId + 9);
  e.cluster().set_tap(&answers);
  const ConnectResponse refused = attempt(e, answers, 1, 0, 11);  // nobody serves before the election
  CHECK_FALSE(refused.accepted);
  CHECK(refused.attempt == 11);
  REQUIRE(e.wait_stable(sec(5)));
  const NodeId leader = e.leader();
  std::vector<NodeId> followers;
  for (NodeId id : e.servers)
    if (id != leader) followers.push_back(id);
  const ConnectResponse created = attempt(e, answers, followers[0], 0, 12);  // a new session, once committed
  REQUIRE(created.accepted);
  CHECK(created.attempt == 12);
  const ConnectResponse at_leader = attempt(e, answers, leader, created.session, 13);
  CHECK(at_leader.accepted);
  CHECK(at_leader.attempt == 13);
  const ConnectResponse revalidated = attempt(e, answers, followers[1], created.session, 14);  // the leader vouches
  CHECK(revalidated.accepted);
  CHECK(revalidated.attempt == 14);
  const ConnectResponse expired = attempt(e, answers, leader, created.session + 1000, 15);
  CHECK(expired.expired);
  CHECK(expired.attempt == 15);
}
