// The safety checker attached to a real run: the ensemble server on the in-memory harness.
#include <doctest/doctest.h>

#include "analysis/checkers/safety_checker.hpp"
#include "models/client/client.hpp"
#include "models/server/zk_server.hpp"
#include "tests/harness/cluster.hpp"

using namespace models;

namespace {

constexpr int kClients = 3;

// Wraps a server and rewrites the cxid of one delivered transaction: a stand-in for a replica
// whose state diverged, to prove the checker sees it through a whole run.
class CorruptingServer final : public Node {
 public:
  CorruptingServer(std::unique_ptr<Node> inner, Zxid target) : inner_(std::move(inner)), target_(target) {}
  NodeId id() const override { return inner_->id(); }
  Effects on_start(Time now) override { return corrupt(inner_->on_start(now)); }
  Effects on_message(Time now, NodeId from, const Message& m) override {
    return corrupt(inner_->on_message(now, from, m));
  }
  Effects on_timer(Time now, TimerId t) override { return corrupt(inner_->on_timer(now, t)); }
  Effects on_persisted(Time now, std::uint64_t batch) override { return corrupt(inner_->on_persisted(now, batch)); }
  Effects on_peer_lost(Time now, NodeId peer) override { return corrupt(inner_->on_peer_lost(now, peer)); }
  Effects on_peer_connected(Time now, NodeId peer) override { return corrupt(inner_->on_peer_connected(now, peer)); }
  Effects on_disk_done(Time now, DiskTask::Kind kind) override { return corrupt(inner_->on_disk_done(now, kind)); }

 private:
  Effects corrupt(Effects effects) const {
    for (Txn& txn : effects.deliver)
      if (txn.zxid == target_) txn.cxid += 1000;
    return effects;
  }
  std::unique_ptr<Node> inner_;
  Zxid target_;
};

// Three voters (3 is elected: equal histories, highest sid) and closed-loop clients, half writes,
// two requests outstanding each, starting once the ensemble serves.
harness::NodeFactory ensemble_factory(NodeId corrupt_server = kNoNode, Zxid corrupt_zxid = 0) {
  auto workload = std::make_shared<const Workload>(WorkloadSpec{LoopKind::closed, 0, 2, 0.5, 10, 0, 100});
  return [=](NodeId id, const PersistentState& disk) -> std::unique_ptr<Node> {
    if (is_client(id))
      return std::make_unique<Client>(ClientConfig{id, {1, 2, 3}, sec(30), 1000, 7, ms(500)}, workload);
    ServerConfig config;
    config.voters = {1, 2, 3};
    config.id = id;
    auto server = std::make_unique<ZkServer>(config, disk);
    if (id != corrupt_server) return server;
    return std::make_unique<CorruptingServer>(std::move(server), corrupt_zxid);
  };
}

// The checker must be attached before the nodes start: their first observations matter.
void start(harness::Cluster& c, analysis::SafetyChecker& checker) {
  c.add_recorder(&checker);
  for (NodeId id : {1, 2, 3}) c.add(id);
  for (int i = 0; i < kClients; ++i) c.add(kFirstClientId + static_cast<NodeId>(i));
}

}  // namespace

TEST_CASE("checker: the ensemble on the harness keeps every guarantee, through a follower crash") {
  harness::Cluster c(ensemble_factory());
  analysis::SafetyChecker checker;
  start(c, checker);
  c.advance_by(ms(800));
  c.crash(1);  // its clients fail over; it comes back and resynchronizes
  c.advance_by(ms(100));
  c.restart(1);
  c.advance_by(ms(1000));

  INFO(checker.summary());
  CHECK_FALSE(checker.violated());
  CHECK(checker.observations_seen() == c.observations().size());
  CHECK(checker.history().size() > 50);
  CHECK(checker.history().pending() == 0);
  int acknowledged = 0;
  for (const auto& e : c.observations())
    if (const auto* r = std::get_if<RequestCompleted>(&e.what))
      acknowledged += r->kind == OpKind::write && r->status == Status::ok;
  CHECK(acknowledged > 20);
}

TEST_CASE("checker: a replica that diverges during a harness run is caught at the observation that shows it") {
  const Zxid target = make_zxid(1, 5);
  harness::Cluster c(ensemble_factory(2, target));
  std::optional<analysis::Violation> seen;
  analysis::SafetyChecker checker([&](const analysis::Violation& v) { seen = v; });
  start(c, checker);
  c.advance_by(ms(1000));

  REQUIRE(seen.has_value());
  INFO(checker.summary());
  CHECK(seen->kind == analysis::ViolationKind::conflicting_delivery);
  CHECK(seen->node == 2);
  // The harness keeps the same stream: the blamed position is server 2's delivery of the target.
  REQUIRE(seen->position < c.observations().size());
  const auto& blamed = c.observations()[seen->position];
  CHECK(blamed.node == 2);
  CHECK(blamed.time_ns == seen->time_ns);
  const auto* delivered = std::get_if<TxnDelivered>(&blamed.what);
  REQUIRE(delivered != nullptr);
  CHECK(delivered->zxid == target);
}
