#pragma once
// Expands a scenario's random failure process into timed stop/restart events, drawn from the
// scenario's seed (one random stream per server, so adding a server changes no other's failures).
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace sim {

std::vector<Event> failure_events(const Scenario& scenario);
// The scenario's own events and its failure process's, merged in time order (ties: the
// scenario's own first).
std::vector<Event> all_events(const Scenario& scenario);

}  // namespace sim
