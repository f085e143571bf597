#pragma once
// Reading the targeting keys of events (sim/scenario/targeting.hpp: a server named by role, a
// protocol moment to wait for) and the ensemble's per-server overrides.
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

// "server": an id (or "app_server": an id, where the kind takes one), or a role name.
void read_target(const JsonReader& e, const Scenario& s, Event& event);
// "when" (a moment), "delay_ms" and "within_s" (which need "when").
void read_when(const JsonReader& e, const Scenario& s, Event& event);
// "count": how many servers a process fault hits at once (the target, then others drawn).
void read_count(const JsonReader& e, const Scenario& s, Event& event);
// A partition given as "isolate": a role or an id, "joined_by": others cut off with it.
void read_isolate(const JsonReader& e, const Scenario& s, Event& event);
// ensemble.overrides: [{ "server", "init_limit", "sync_limit", "fsync_ms" }].
void read_overrides(const JsonReader& ensemble_reader, EnsembleSpec& ensemble);

}  // namespace sim
