#pragma once
// The constructor inputs of a scenario's ZooKeeper sessions: its clients', and those its
// application servers and clients (service discovery) hold.
#include "sim/scenario/scenario.hpp"
#include "sim/trace/node_builder.hpp"

namespace sim {

// A session that walks the ensemble with the scenario's client strategy.
models::ClientConfig session_config(const Scenario& scenario, models::NodeId id, double timeout_ms, double start_s);
void add_service_configs(const Scenario& scenario, trace::NodeConfigs& configs);

}  // namespace sim
