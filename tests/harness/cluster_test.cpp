#include <doctest/doctest.h>

#include "models/client/client.hpp"
#include "models/server/zk_server.hpp"
#include "tests/harness/cluster.hpp"

using namespace models;

namespace {

// A node that echoes every Ping and counts what it saw: enough to test the harness itself.
class Echo final : public Node {
 public:
  explicit Echo(NodeId id, const PersistentState& disk) : id_(id), restored_log(disk.log.size()) {}
  NodeId id() const override { return id_; }
  Effects on_start(Time) override { return {}; }
  Effects on_message(Time, NodeId from, const Message& m) override {
    Effects out;
    if (const auto* p = std::get_if<Ping>(&m)) {
      received.push_back(p->last_zxid);
      if (p->last_zxid < 5) out.send(from, Ping{p->last_zxid + 1});
    }
    if (const auto* a = std::get_if<Ack>(&m)) {  // "log this, then answer"
      out.persist.push_back(AppendTxn{Txn{a->zxid}});
      out.send(from, Commit{a->zxid});
    }
    return out;
  }
  Effects on_timer(Time, TimerId t) override {
    timers_fired.push_back(t);
    return {};
  }
  Effects on_persisted(Time, std::uint64_t batch) override {
    persisted_batch = batch;
    return {};
  }
  Effects on_peer_lost(Time, NodeId peer) override {
    lost.push_back(peer);
    return {};
  }
  NodeId id_;
  std::size_t restored_log;
  std::vector<Zxid> received;
  std::vector<TimerId> timers_fired;
  std::vector<NodeId> lost;
  std::uint64_t persisted_batch = 0;
};

harness::Cluster echo_cluster() {
  return harness::Cluster([](NodeId id, const PersistentState& disk) { return std::make_unique<Echo>(id, disk); });
}

}  // namespace

TEST_CASE("harness: messages bounce until quiet, in FIFO order, one latency apart") {
  auto c = echo_cluster();
  c.add(1);
  c.add(2);
  c.inject(2, 1, Ping{0});
  CHECK(c.run_until_quiet());
  CHECK(c.node_as<Echo>(2).received == std::vector<Zxid>{0, 2, 4});
  CHECK(c.node_as<Echo>(1).received == std::vector<Zxid>{1, 3, 5});
  CHECK(c.now() == ms(6));
}

TEST_CASE("harness: a cut link drops messages until heal") {
  auto c = echo_cluster();
  c.add(1);
  c.add(2);
  c.cut(1, 2);
  c.inject(2, 1, Ping{0});
  c.run_until_quiet();
  CHECK(c.node_as<Echo>(2).received.empty());
  c.heal();
  c.inject(2, 1, Ping{4});
  c.run_until_quiet();
  CHECK(c.node_as<Echo>(2).received == std::vector<Zxid>{4});
}

TEST_CASE("harness: sends wait for the fsync of their own effects, and a crash loses unsynced data") {
  auto c = echo_cluster();
  c.add(1);
  c.add(2);
  c.inject(2, 1, Ack{7});
  c.advance_by(ms(2));  // delivered at 1 ms, fsync until 3 ms
  CHECK(c.durable(2).log.empty());
  c.crash(2);           // the fsync in flight is lost, and node 1 sees the reset
  CHECK(c.node_as<Echo>(1).lost == std::vector<NodeId>{2});
  c.restart(2);
  c.run_until_quiet();
  CHECK(c.durable(2).log.empty());
  c.inject(2, 1, Ack{8});
  c.run_until_quiet();
  CHECK(c.durable(2).log.size() == 1);
  CHECK(c.node_as<Echo>(2).persisted_batch == 1);  // the first persist request of this incarnation
  c.restart(2);
  CHECK(c.node_as<Echo>(2).restored_log == 1);
}

TEST_CASE("harness: a power-off tells nobody") {
  auto c = echo_cluster();
  c.add(1);
  c.add(2);
  c.power_off(2);
  CHECK(c.node_as<Echo>(1).lost.empty());
  CHECK_FALSE(c.alive(2));
}

TEST_CASE("harness: drop removes matching messages in flight") {
  auto c = echo_cluster();
  c.add(1);
  c.add(2);
  c.inject(2, 1, Ping{5});
  c.inject(2, 1, Ack{1});
  CHECK(c.drop([](NodeId, NodeId, const Message& m) { return std::holds_alternative<Ping>(m); }) == 1);
  c.run_until_quiet();
  CHECK(c.node_as<Echo>(2).received.empty());
}

TEST_CASE("harness: an elected ensemble commits a client's write on a quorum and answers it") {
  ServerConfig base;
  base.voters = {1, 2, 3};
  auto workload = std::make_shared<const Workload>(WorkloadSpec{LoopKind::closed, 0, 1, 0.0, 10, 0, 100});
  harness::Cluster c([&](NodeId id, const PersistentState& disk) -> std::unique_ptr<Node> {
    if (is_server(id)) {
      ServerConfig config = base;
      config.id = id;
      return std::make_unique<ZkServer>(config, disk);
    }
    return std::make_unique<Client>(ClientConfig{id, {1}, sec(30), 1000, 1, ms(1000)}, workload);
  });
  for (NodeId id : {1, 2, 3}) c.add(id);
  c.add(kFirstClientId);
  c.advance_by(ms(1100));
  std::vector<Time> completions;
  for (const auto& e : c.observations())
    if (const auto* r = std::get_if<RequestCompleted>(&e.what)) {
      CHECK(r->status == Status::ok);
      completions.push_back(e.time_ns);
    }
  // Connecting is a createSession transaction, ordered by the leader as a write is; each write
  // costs client->1 (1 ms), forward to leader 3 (1), proposal (1), follower fsync (2), ack (1),
  // commit (1), reply (1 ms): 8 ms, the leader's own fsync overlapping. Connected at 1008 ms,
  // completions at 1016, 1024, ..., 1096 ms.
  REQUIRE(completions.size() == 11);
  CHECK(completions.front() == ms(1016));
  CHECK(completions.back() == ms(1096));
  CHECK(c.durable(2).log.size() >= completions.size());
}

namespace {
// Logs on an Ack and tells node 3 (held for the fsync); on a Commit tells node 3 again without
// logging: a step whose send waits for no fsync of its own.
class Teller final : public Node {
 public:
  explicit Teller(NodeId id) : id_(id) {}
  NodeId id() const override { return id_; }
  Effects on_start(Time) override { return {}; }
  Effects on_message(Time, NodeId, const Message& m) override {
    Effects out;
    if (const auto* a = std::get_if<Ack>(&m)) {
      out.persist.push_back(AppendTxn{Txn{a->zxid}});
      out.send(3, Ping{a->zxid});
    }
    if (const auto* c = std::get_if<Commit>(&m)) out.send(3, Ping{c->zxid});
    return out;
  }
  Effects on_timer(Time, TimerId) override { return {}; }
  Effects on_peer_lost(Time, NodeId) override { return {}; }
  NodeId id_;
};
}  // namespace

// The executor's no-overtake rule (core/effects.hpp): a later send to the same node must not pass
// one held for an fsync, as a TCP connection keeps its order (a COMMIT must not pass the
// COMMITANDACTIVATE before it). The harness once had its own copy of the contract without this
// rule: node 3 then saw 11 before 10.
TEST_CASE("harness: a send waiting for no fsync does not overtake one held for an fsync to the same node") {
  harness::Cluster c([](NodeId id, const PersistentState& disk) -> std::unique_ptr<Node> {
    if (id == 2) return std::make_unique<Teller>(id);
    return std::make_unique<Echo>(id, disk);
  });
  for (NodeId id : {1, 2, 3}) c.add(id);
  c.inject(2, 1, Ack{10});  // arrives at 1 ms; its fsync runs until 3 ms
  c.advance_by(ms(1));
  c.inject(2, 1, Commit{11});  // arrives at 2 ms, while the fsync runs
  CHECK(c.run_until_quiet());
  CHECK(c.node_as<Echo>(3).received == std::vector<Zxid>{10, 11});
}
