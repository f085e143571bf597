#pragma once
// Where each host of a scenario lives: the datacenter of every server (its id's placement entry,
// round robin by default, and for a server a membership change adds, the datacenter the change
// names) and of every client host. The platform builds hosts there; hierarchical quorums grouped
// per datacenter and datacenter faults read the same answer.
#include <cstddef>
#include <string>

#include "models/core/ids.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

// Index in network.datacenters of server `id` (1..server_count()).
std::size_t server_datacenter(const Scenario& s, models::NodeId id);
// Index in network.datacenters of client host h (0-based).
std::size_t client_host_datacenter(const Scenario& s, std::size_t h);
// Index of the datacenter of that name, or SIZE_MAX.
std::size_t datacenter_index(const Scenario& s, const std::string& name);

}  // namespace sim
