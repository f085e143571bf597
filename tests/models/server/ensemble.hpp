#pragma once
// Test support: an ensemble of ZkServers and workload-driven clients on the in-memory harness,
// with the helpers the ZAB and server tests share: finding the established leader, waiting for a
// condition, counting the quorum messages each server received, and checking the cluster-wide
// outcomes directly (committed histories are prefixes of one another, every synced delivery
// follows the committed history, every acknowledged write is in it).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/client/client.hpp"
#include "models/server/zk_server.hpp"
#include "tests/harness/cluster.hpp"

namespace zk_test {

using namespace models;

struct EnsembleOptions {
  int voters = 3;
  int observers = 0;
  int clients = 0;
  harness::Cluster::Options net;
  ProtocolBugs bugs;
  Time tick_ns = ms(2000);  // ZooKeeper's sample configuration: tickTime 2000, initLimit 10, syncLimit 5
  int init_limit_ticks = 10;
  int sync_limit_ticks = 5;
  WorkloadSpec workload{LoopKind::open, 50.0, 1, 0.5, 100, 0.0, 100};
  Time session_timeout_ns = sec(30);
  std::string client_strategy = "zk_host_provider";
  // The clients' libraries, in turn (client i gets entry i mod size).
  std::vector<ClientLibrary> client_libraries{ClientLibrary::java};
  std::uint64_t seed = 1;
  std::function<void(ServerConfig&)> tweak;  // per-server configuration changes, if any
  std::function<void(ClientConfig&)> client_tweak;  // per-client ones
  analysis::Recorder* recorder = nullptr;   // also sees every observation, from the first one
  PersistentState initial_disk;              // what every server's disk holds at the start
};

// The options most tests start from: voters and workload-driven clients, everything else default.
inline EnsembleOptions with(int voters, int clients, Time session_timeout_ns = EnsembleOptions{}.session_timeout_ns) {
  EnsembleOptions o;
  o.voters = voters;
  o.clients = clients;
  o.session_timeout_ns = session_timeout_ns;
  return o;
}

// Wraps a ZkServer to count, per message kind, what it received: tests see which sync was used.
class SpyServer final : public Node {
 public:
  SpyServer(ServerConfig config, const PersistentState& durable, ProtocolBugs bugs)
      : server(std::move(config), durable, bugs) {}
  NodeId id() const override { return server.id(); }
  Effects on_start(Time now) override { return server.on_start(now); }
  Effects on_message(Time now, NodeId from, const Message& message) override {
    ++received[message_name(message)];
    return server.on_message(now, from, message);
  }
  Effects on_timer(Time now, TimerId timer) override { return server.on_timer(now, timer); }
  Effects on_persisted(Time now, std::uint64_t batch) override { return server.on_persisted(now, batch); }
  bool takes(const Control& control) const override { return server.takes(control); }
  Effects on_control(Time now, const Control& control) override { return server.on_control(now, control); }
  Effects on_peer_lost(Time now, NodeId peer) override { return server.on_peer_lost(now, peer); }
  Effects on_peer_connected(Time now, NodeId peer) override { return server.on_peer_connected(now, peer); }
  Effects on_disk_done(Time now, DiskTask::Kind kind) override { return server.on_disk_done(now, kind); }
  void check_invariants() const override { server.check_invariants(); }

  ZkServer server;
  std::map<std::string, int> received;
};

class Ensemble {
 public:
  explicit Ensemble(EnsembleOptions options = {});

  harness::Cluster& cluster() { return *cluster_; }
  const EnsembleOptions& options() const { return options_; }
  bool alive(NodeId id) const { return cluster_->alive(id); }
  const PersistentState& durable(NodeId id) const { return cluster_->durable(id); }
  ZkServer& server(NodeId id) { return spy(id).server; }
  SpyServer& spy(NodeId id) { return cluster_->node_as<SpyServer>(id); }
  Client& client(NodeId id) { return cluster_->node_as<Client>(id); }
  // Hands a client one operation to issue now (Client::submit).
  void submit(NodeId client, const Op& op);
  int received(NodeId id, const std::string& kind) { return spy(id).received[kind]; }

  // The one alive server that is an established leader (kNoNode if none, or if several).
  NodeId leader();
  std::vector<NodeId> established_leaders();
  // True once there is one established leader and every alive server in `members` serves.
  bool stable(const std::vector<NodeId>& members);
  bool stable() { return stable(servers); }
  // Advances in small steps until pred holds; false if the deadline passed first.
  bool wait_until(const std::function<bool()>& pred, Time timeout_ns, Time step_ns = ms(5));
  bool wait_stable(Time timeout_ns = sec(60)) { return wait_until([&] { return stable(); }, timeout_ns); }

  // Counts from the observations.
  std::size_t acknowledged_writes() const;
  template <typename T>
  std::size_t count(NodeId node = kNoNode) const {
    std::size_t n = 0;
    for (const auto& e : cluster_->observations())
      if ((node == kNoNode || e.node == node) && std::holds_alternative<T>(e.what)) ++n;
    return n;
  }
  template <typename T>
  std::vector<std::pair<Time, T>> all(NodeId node = kNoNode) const {
    std::vector<std::pair<Time, T>> found;
    for (const auto& e : cluster_->observations())
      if ((node == kNoNode || e.node == node))
        if (const auto* t = std::get_if<T>(&e.what)) found.push_back({e.time_ns, *t});
    return found;
  }

  // Cuts every link between the two groups (clients keep their links).
  void partition(const std::vector<NodeId>& a, const std::vector<NodeId>& b);
  // A write from a client that exists only as an id, sent straight to a server (connect first).
  void inject_write(NodeId server, NodeId client, std::uint64_t cxid);
  // The first time at or after `after` when `node` observed a T, if it did.
  template <typename T>
  std::optional<Time> first_after(NodeId node, Time after) const {
    for (const auto& e : cluster_->observations())
      if (e.node == node && e.time_ns >= after && std::holds_alternative<T>(e.what)) return e.time_ns;
    return std::nullopt;
  }

  // The committed prefix of a live server's log.
  std::vector<Txn> committed(NodeId id);
  // Checks the outcomes directly; returns the problems found (empty when all is well). Once the
  // servers compact their logs (snapshots), only what the longest log still holds is checked: tests
  // of long runs attach the SafetyChecker too (options().recorder).
  std::vector<std::string> check_outcomes();
  // Every serving server's tree equals every other's (after quiescence); problems otherwise.
  std::vector<std::string> check_trees_equal();

  std::vector<NodeId> servers;  // voters then observers
  std::vector<NodeId> voters;
  std::vector<NodeId> clients;

 private:
  std::vector<Txn> reference_history();
  void check_prefixes(const std::vector<Txn>& reference, std::vector<std::string>& problems);
  void check_deliveries(const std::vector<Txn>& reference, std::vector<std::string>& problems) const;
  void check_acknowledged(const std::vector<Txn>& reference, std::vector<std::string>& problems) const;

  EnsembleOptions options_;
  std::shared_ptr<const Workload> workload_;
  std::unique_ptr<harness::Cluster> cluster_;
};

// A doctest-friendly rendering of check_outcomes().
std::string joined(const std::vector<std::string>& problems);

}  // namespace zk_test
