#pragma once
// Datacenter outages in a scenario: the `datacenter` event (a whole datacenter powered off, its
// servers crashed, or cut from the others) and `datacenter_heal` (it comes back), checked against
// network.datacenters and against each other (a heal needs an outage before it, an outage needs
// its datacenter up); and the failure process's datacenter outages (failures.datacenter_mtbf_s).
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

// "datacenter": a name of network.datacenters; "how" (datacenter only): power_off (default),
// crash or partition.
void read_datacenter_event(const JsonReader& e, const Scenario& s, Event& event);
// After every event is read: each heal follows an outage of its datacenter, no outage hits a
// datacenter that is already down, and each outage's duration_s runs to its heal (or the end).
void check_datacenter_outages(const JsonReader& scenario, Scenario& s);
// An outage given a duration_s gets its heal as an event of its own, in time order; called once
// every check that follows the file's events one to one is done.
void add_implied_heals(Scenario& s);
// failures.datacenter_mtbf_s, failures.datacenter_mttr_s.
void read_failure_datacenters(const JsonReader& failures, Scenario& s);

}  // namespace sim
