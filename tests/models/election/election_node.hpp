#pragma once
// A test-only Node that is nothing but a server's election: it runs FastLeaderElection while
// LOOKING, answers LOOKING peers with FastLeaderElection::answer() once decided, and starts a new
// round when the connection to its leader is reset. It records what the tests check: when it
// sent notifications, when and how it decided.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "models/core/node.hpp"
#include "models/election/fast_leader_election.hpp"
#include "models/election/last_notifications.hpp"
#include "tests/harness/cluster.hpp"

namespace election_test {

using namespace models;

struct History {
  Zxid last_zxid = 0;
  Epoch current_epoch = 0;
};

// The ensemble as every node sees it. Shared, so that a test may change a history before a restart.
struct Setup {
  std::vector<NodeId> voters;
  std::vector<NodeId> observers;
  std::map<NodeId, History> histories;  // default: empty history
  ProtocolBugs bugs;
};

class ElectionNode final : public Node {
 public:
  ElectionNode(NodeId id, std::shared_ptr<const Setup> setup)
      : id_(id), setup_(std::move(setup)), quorums_(configuration_of(*setup_)), fle_(id, quorums_, setup_->bugs) {}

  NodeId id() const override { return id_; }
  Effects on_start(Time now) override { return begin(now); }
  Effects on_message(Time now, NodeId from, const Message& message) override;
  Effects on_timer(Time now, TimerId timer) override;
  Effects on_peer_lost(Time now, NodeId peer) override;
  // As the server: the connection manager sends a newly connected peer its last notification.
  Effects on_peer_connected(Time, NodeId peer) override {
    Effects out;
    last_.resend(peer, out);
    return out;
  }
  void check_invariants() const override { fle_.check_invariants(); }

  const FastLeaderElection& election() const { return fle_; }
  bool decided() const { return fle_.outcome().has_value(); }
  NodeId leader() const { return decided() ? fle_.outcome()->leader : kNoNode; }
  PeerState state() const { return decided() ? fle_.outcome()->state : PeerState::looking; }

  std::vector<Time> notification_sends_ns;  // one entry per step that sent notifications
  std::size_t notifications_received = 0;
  std::size_t answers_sent = 0;             // replies given while decided
  std::optional<Time> decided_ns;
  std::size_t rounds = 0;

 private:
  Effects begin(Time now);
  Effects after_election_step(Time now, Effects out);

  // The membership the election reads, as a server would own it (the test's lists, sorted).
  static Configuration configuration_of(const Setup& setup) {
    Configuration c{0, setup.voters, setup.observers};
    std::sort(c.voters.begin(), c.voters.end());
    std::sort(c.observers.begin(), c.observers.end());
    return c;
  }

  NodeId id_;
  std::shared_ptr<const Setup> setup_;
  membership::QuorumSystem quorums_;
  FastLeaderElection fle_;
  LastNotifications last_;
};

inline Effects ElectionNode::begin(Time now) {
  ++rounds;
  decided_ns.reset();
  const auto it = setup_->histories.find(id_);
  const History history = it == setup_->histories.end() ? History{} : it->second;
  Effects out = fle_.start(now, history.last_zxid, history.current_epoch);
  return after_election_step(now, std::move(out));
}

inline Effects ElectionNode::after_election_step(Time now, Effects out) {
  if (!out.sends.empty()) notification_sends_ns.push_back(now);
  last_.note(out);
  if (decided() && !decided_ns) {
    decided_ns = now;
    const ElectionOutcome& o = *fle_.outcome();
    out.observe_that(ElectionFinished{o.leader, o.peer_epoch, fle_.logical_clock(), fle_.started_ns()});
    out.observe_that(StateChanged{o.state});
  }
  return out;
}

inline Effects ElectionNode::on_message(Time now, NodeId from, const Message& message) {
  const auto* n = std::get_if<Notification>(&message);
  if (n == nullptr) return {};
  ++notifications_received;
  if (!decided()) return after_election_step(now, fle_.on_notification(now, from, *n));
  Effects out;
  // As QuorumPeer's receiver: answer LOOKING voters, and non-voters whatever they say.
  const bool from_voter = fle_.is_voter(from);
  if (n->state == PeerState::looking || !from_voter) {
    const Vote& vote = fle_.proposal();
    out.send(from, FastLeaderElection::answer(state(), vote, fle_.logical_clock(), vote.peer_epoch));
    ++answers_sent;
  }
  last_.note(out);
  return out;
}

inline Effects ElectionNode::on_timer(Time now, TimerId timer) {
  if (timer < 100 || timer > 199 || decided()) return {};
  return after_election_step(now, fle_.on_timer(now, timer));
}

inline Effects ElectionNode::on_peer_lost(Time now, NodeId peer) {
  if (!decided() || peer != leader()) return {};
  return begin(now);  // a follower whose leader died goes back to LOOKING
}

// A cluster of ElectionNodes with the harness's default 1 ms latency.
inline harness::Cluster make_cluster(std::shared_ptr<const Setup> setup,
                                     harness::Cluster::Options options = {}) {
  return harness::Cluster(
      [setup](NodeId id, const PersistentState&) { return std::make_unique<ElectionNode>(id, setup); },
      options);
}

inline ElectionNode& node(harness::Cluster& cluster, NodeId id) { return cluster.node_as<ElectionNode>(id); }

}  // namespace election_test
