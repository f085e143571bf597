#pragma once
// The one translation of a validated scenario into the constructor inputs of its nodes: each
// server's ServerConfig, each client's ClientConfig, the application servers' and clients'
// configs (service discovery) and the clients' share of the workload. The run builds its nodes
// from these, and its trace's header records them, so that a replay builds the same nodes.
#include "models/client/client.hpp"
#include "models/core/ids.hpp"
#include "models/server/server_config.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/trace/node_builder.hpp"

namespace sim {

models::ServerConfig server_config(const Scenario& scenario, models::NodeId id);
// A ZooKeeper session that walks the ensemble with the scenario's client strategy: a client's,
// or the one an application server or client holds.
models::ClientConfig session_config(const Scenario& scenario, models::NodeId id, double timeout_ms, double start_s);
// Every node of the scenario (what a trace's header records).
trace::NodeConfigs node_configs(const Scenario& scenario);
// What every initial member's disk holds when the run starts: nothing, or the scenario's initial
// data as a snapshot of epoch 1 (as if an earlier ensemble had written it), loaded at the start.
// The tree's content is shared by every server that holds it.
models::PersistentState initial_durable_state(const Scenario& scenario);

}  // namespace sim
