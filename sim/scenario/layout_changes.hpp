#pragma once
// The membership changes of a hierarchical layout (add_group, remove_group, set_weights,
// set_quorum), which ZooKeeper makes only as a whole new configuration (reconfig -members): how
// each turns a configuration into the next. The loader replays them over the configuration it
// plans, to refuse at its JSON path a change that could not work; the operator applies them to
// the configuration in force when it asks.
#include "models/core/configuration.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

bool is_layout_change(EventKind kind);

// Reads the keys of a layout change (their layout checks come with the plan, below).
void read_layout_change_fields(const JsonReader& e, const Scenario& s, Event& event);

// The configuration after the change (normalized; the version is the leader's to set).
models::Configuration apply_layout_change(const models::Configuration& current, const Event& event);

// Replays every membership change over the scenario's static configuration: an incremental change
// (add_servers, remove_servers, ...) of a hierarchical configuration is refused, as ZooKeeper
// refuses it; a layout change that would make a configuration ZooKeeper refuses, or that follows a
// removal whose servers are only known at run time, is refused at its event. set_quorum's
// "per_datacenter" is resolved here, over the voters planned at its time.
void plan_layout_changes(const JsonReader& scenario, Scenario& s);

}  // namespace sim
