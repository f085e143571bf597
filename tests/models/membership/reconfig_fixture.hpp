#pragma once
// Test support for dynamic membership: an Ensemble whose servers start with a configuration that
// may leave some of them out (the joiners, which run as non-voting followers until a reconfig adds
// them), with the safety checker attached from the first observation, and helpers to ask for a
// reconfig as an operator would and to wait for its outcome.
#include <memory>
#include <vector>

#include "analysis/checkers/safety_checker.hpp"
#include "tests/models/server/ensemble.hpp"

namespace reconfig_test {

using namespace models;

struct Rig {
  // servers: ids 1..servers exist; voters / observers: the configuration every server starts with.
  Rig(int servers, std::vector<NodeId> voters, std::vector<NodeId> observers = {}, int clients = 2);
  // The same with a whole static configuration (groups and weights included).
  Rig(int servers, const Configuration& start, int clients = 2, ProtocolBugs bugs = {});

  zk_test::Ensemble& e() { return *ensemble; }
  // An operator's request, injected at `at` (the leader if kNoNode).
  void request(std::uint64_t id, std::vector<NodeId> add_voters, std::vector<NodeId> add_observers,
               std::vector<NodeId> remove, NodeId at = kNoNode);
  // A non-incremental request (reconfig -members): the whole next configuration.
  void request_members(std::uint64_t id, Configuration next, NodeId at = kNoNode);
  // The events of one phase (of one request, if id is not 0).
  std::vector<ReconfigEvent> events(ReconfigPhase phase, std::uint64_t id = 0) const;
  // True once every alive server has activated a configuration with these voters.
  bool all_have_voters(const std::vector<NodeId>& voters);
  bool wait_voters(const std::vector<NodeId>& voters, Time timeout_ns = sec(10));
  // Waits for one established leader with every alive server serving.
  bool wait_stable(Time timeout_ns = sec(30)) { return ensemble->wait_stable(timeout_ns); }
  void check_clean();

  analysis::SafetyChecker checker;
  std::unique_ptr<zk_test::Ensemble> ensemble;
};

}  // namespace reconfig_test
