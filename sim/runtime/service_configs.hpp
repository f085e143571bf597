#pragma once
// The constructor inputs of a scenario's application servers and clients (service discovery).
#include "sim/scenario/scenario.hpp"
#include "sim/trace/node_builder.hpp"

namespace sim {

void add_service_configs(const Scenario& scenario, trace::NodeConfigs& configs);

}  // namespace sim
