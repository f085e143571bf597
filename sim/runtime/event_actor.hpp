#pragma once
// Plays the scenario's timed events against the world, in time order, from the controller host.
#include "sim/runtime/world.hpp"

namespace sim {

void start_event_actor(World& world);

}  // namespace sim
