// Clients learn a new configuration from their server (ConfigChanged) and rebalance with the
// ZOOKEEPER-1355 probabilities after a random short delay; ZooKeeper's own test expects fewer than
// 1,100 of 10,000 clients to move when 9 servers become 10.
#include <doctest/doctest.h>

#include <memory>

#include "analysis/checkers/safety_checker.hpp"
#include "tests/models/server/ensemble.hpp"

using namespace models;

namespace {

constexpr int kClients = 1000;

struct Moves {
  std::size_t moved = 0;
  std::size_t on_new_server = 0;
  std::size_t notified = 0;
};

// Nine voters and a tenth server (a joiner), kClients idle clients that know only the nine; one
// reconfig adds the tenth, then the clients have time to rebalance.
Moves grow_9_to_10(bool rebalance) {
  analysis::SafetyChecker checker;
  const std::vector<NodeId> nine{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto workload = std::make_shared<const Workload>(WorkloadSpec{LoopKind::open, 0.0, 1, 1.0, 100, 0.0, 100});
  harness::Cluster cluster([&](NodeId id, const PersistentState& disk) -> std::unique_ptr<Node> {
    if (is_client(id)) {
      ClientConfig c{id, nine, sec(30), 1000, 7};
      c.rebalance = rebalance;
      return std::make_unique<Client>(c, workload);
    }
    return std::make_unique<zk_test::SpyServer>(ServerConfig{id, nine, {}, ms(2000), 10, 5, 7}, disk, ProtocolBugs{});
  });
  cluster.add_recorder(&checker);
  for (NodeId id = 1; id <= 10; ++id) cluster.add(id);
  cluster.advance_by(sec(2));  // elected before the clients come
  for (int i = 0; i < kClients; ++i) cluster.add(kFirstClientId + static_cast<NodeId>(i));
  cluster.advance_by(sec(5));
  for (int i = 0; i < kClients; ++i) REQUIRE(cluster.node_as<Client>(kFirstClientId + static_cast<NodeId>(i)).connected());
  NodeId leader = kNoNode;
  for (NodeId id = 1; id <= 9; ++id)
    if (cluster.node_as<zk_test::SpyServer>(id).server.zab().established_leader()) leader = id;
  REQUIRE(leader != kNoNode);
  cluster.control(leader, RequestReconfig{ReconfigRequest{1, {10}, {}, {}}});
  cluster.advance_by(sec(3));  // the activation, the random delays (at most 1 s), the moves
  Moves m;
  for (const auto& e : cluster.observations()) {
    if (const auto* moved = std::get_if<SessionMoved>(&e.what)) {
      ++m.moved;
      CHECK(moved->to_server == 10);  // growing: a client moves only to a new server
    }
  }
  for (int i = 0; i < kClients; ++i) {
    const Client& c = cluster.node_as<Client>(kFirstClientId + static_cast<NodeId>(i));
    if (c.server() == 10) ++m.on_new_server;
    if (c.servers().size() == 10) ++m.notified;
  }
  CHECK_MESSAGE(!checker.violated(), checker.summary());
  return m;
}

}  // namespace

TEST_CASE("reconfig: after 9 -> 10 servers about a tenth of the sessions move, and none with rebalancing off") {
  const Moves on = grow_9_to_10(true);
  MESSAGE(on.moved << " of " << kClients << " sessions moved (expected " << kClients / 10 << ")");
  CHECK(on.notified == kClients);  // every client learned the new server list
  CHECK(on.moved >= 60);           // the binomial's mean is 100, its standard deviation 9.5
  CHECK(on.moved <= 140);
  CHECK(on.on_new_server == on.moved);
  const Moves off = grow_9_to_10(false);
  CHECK(off.notified == kClients);
  CHECK(off.moved == 0);
  CHECK(off.on_new_server == 0);
}
