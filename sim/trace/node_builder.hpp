#pragma once
// Builds the state machines of a run from their constructor inputs alone. The SimGrid run and the
// replayer both build every node through it, so a replay constructs each node exactly as the run
// did: from the configs recorded in the trace's header and the durable state of each start.
#include <map>
#include <memory>
#include <vector>

#include "models/client/app_client.hpp"
#include "models/client/app_server.hpp"
#include "models/client/client.hpp"
#include "models/client/workload.hpp"
#include "models/core/node.hpp"
#include "models/core/protocol_bugs.hpp"
#include "models/server/server_config.hpp"

namespace sim::trace {

struct NodeConfigs {
  std::vector<models::ServerConfig> servers;
  std::vector<models::ClientConfig> clients;
  models::WorkloadSpec client_workload;  // each client's own share of the offered load
  std::vector<models::AppServerConfig> app_servers;  // service discovery (empty without services)
  std::vector<models::AppClientConfig> app_clients;
};

class NodeBuilder {
 public:
  // Servers are built with the broken variants `bugs` names (only `zksim check --break` asks).
  explicit NodeBuilder(NodeConfigs configs, models::ProtocolBugs bugs = {});
  // Null when no node of the run has this id.
  std::unique_ptr<models::Node> build(models::NodeId id, const models::PersistentState& durable) const;
  const NodeConfigs& configs() const { return configs_; }

 private:
  NodeConfigs configs_;
  models::ProtocolBugs bugs_;
  std::map<models::NodeId, std::size_t> server_index_, client_index_, app_server_index_, app_client_index_;
  std::shared_ptr<const models::Workload> workload_;  // shared: clients use one Zipf table
};

}  // namespace sim::trace
