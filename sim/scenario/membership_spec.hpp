#pragma once
// The scenario's membership changes (ZooKeeper 3.5+ reconfig driven by an operator: incremental,
// or of a hierarchical layout as a whole):
// what each event asks for, and what the loader planned for it. Servers that join later need
// hosts, and SimGrid builds every host before the run starts, so the loader gives each server a
// change will start its id (after the initial members) and its datacenter up front.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/core/ids.hpp"

namespace sim {

// remove_servers: by id, the current leader, or followers (the lowest live ids that do not lead).
enum class RemoveWhich { ids, leader, follower };

struct MembershipChange {
  int count = 1;                       // add_servers, remove_servers (leader: 1)
  bool observer = false;               // add_servers: the new servers' role
  std::string datacenter;              // where new hosts live ("": round robin over the datacenters)
  RemoveWhich which = RemoveWhich::ids;
  std::vector<models::NodeId> ids;     // remove_servers by id, promote_observer
  double factor = 1;                   // grow: m, N = n x m (rounding in load_membership.cpp)
  bool keep_odd = true;                // grow: an even N becomes N + 1
  double stop_after_s = 2;             // removed servers are shut down this long after the commit (< 0: never)
  double step_pause_s = 2;             // rolling_replace: the operator's wait after each step's commit
  // The changes of a hierarchical layout, each a whole new configuration (ZooKeeper's
  // reconfig -members): add_group (count participants in a new group), remove_group (the
  // voters of group `group`), set_weights (weights), set_quorum (groups, or a majority, and weights).
  std::uint64_t group = 0;
  std::vector<std::vector<models::NodeId>> groups;  // set_quorum: resolved (per_datacenter) when loaded
  bool majority = false;                            // set_quorum: no groups
  std::map<models::NodeId, std::uint64_t> weights;
  // Planned by the loader, assuming every earlier change succeeded.
  std::vector<models::NodeId> new_ids; // the servers this change starts, in the order it adds them
  int voters_before = 0;               // grow: n
  int voters_after = 0;                // grow: N
};

// A server that is not a member when the run starts: a membership change starts its process.
struct AddedServer {
  models::NodeId id = models::kNoNode;
  std::string datacenter;  // "" : round robin, as initial servers are placed
};

}  // namespace sim
