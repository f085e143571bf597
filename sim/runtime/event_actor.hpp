#pragma once
// Plays the scenario's timed events against the world, in time order, from the controller host.
// Targeted events (a role, a moment: sim/scenario/targeting.hpp) go to `targeted`, which resolves
// them; a scenario without any may pass null.
#include "sim/runtime/world.hpp"

namespace sim {

class TargetedEvents;

void start_event_actor(World& world, TargetedEvents* targeted);

// Carries out one event that names its servers (a membership change is the operator's: nothing).
void apply_event(World& world, const Event& event);

}  // namespace sim
