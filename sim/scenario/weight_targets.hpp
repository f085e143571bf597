#pragma once
// What a strategy's "weights" option may name: the members the strategy balances over, under the
// numbers a scenario gives them (servers by id, app servers from 1 as events name them), with the id
// the strategy sees and the CPU speed of each one's host. "weights": "cpu" weighs each member by
// that speed relative to its level's default host, so that a member the list leaves out (a server
// added by an event runs on the ensemble's host) weighs 1 like every member not named in a map.
#include <string>
#include <vector>

#include "models/core/ids.hpp"

namespace sim {

struct WeightTarget {
  int number = 0;                  // as the scenario writes it
  models::NodeId id = models::kNoNode;
  double relative_cpu = 1;         // the host's cpu_ghz over the level's default host's
};

struct WeightTargets {
  std::string kind;                // "server" or "app server", for messages
  std::vector<WeightTarget> members;
  const WeightTarget* find(int number) const {
    for (const WeightTarget& t : members)
      if (t.number == number) return &t;
    return nullptr;
  }
};

struct EnsembleSpec;
struct AppServersSpec;
WeightTargets server_weight_targets(const EnsembleSpec& ensemble);
WeightTargets app_server_weight_targets(const AppServersSpec& servers);

}  // namespace sim
