#pragma once
// Builds the SimGrid platform of a scenario: one host per server and per client host, each with
// its CPU speed, a log disk (timed by the runtime) and a full-duplex network interface; a flat datacenter network in
// which every pair of hosts is connected through their two interfaces; and a controller host
// from which the scenario's events act. The network model is chosen explicitly.
#include <stdexcept>

#include "sim/runtime/world.hpp"

namespace sim {

// The platform cannot be built as the scenario asks (a platform file without the hosts it needs).
struct PlatformError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Builds the generated platform, or loads the scenario's platform file (whose hosts must be named
// server1..serverN, clients1..clientsK and controller, with routes between them all).
void build_platform(World& world);

}  // namespace sim
