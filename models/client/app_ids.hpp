#pragma once
// Node ids of the service-discovery layer. Application servers and application clients are
// ZooKeeper clients too (they hold sessions), so their ids lie in the client range, above every
// workload client id (the scenario allows at most a million clients, below 2^21 ids past the first).
#include "models/core/ids.hpp"

namespace models {

constexpr NodeId kFirstAppServerId = kFirstClientId + (1u << 21);
constexpr NodeId kFirstAppClientId = kFirstAppServerId + (1u << 16);
constexpr bool is_app_server(NodeId id) { return id >= kFirstAppServerId && id < kFirstAppClientId; }
constexpr bool is_app_client(NodeId id) { return id >= kFirstAppClientId; }
// App servers as scenarios and reports number them, from 1 (scenario "app_server": 3, "app 3").
constexpr NodeId app_server_id(int number) { return kFirstAppServerId + static_cast<NodeId>(number - 1); }
constexpr int app_server_number(NodeId id) { return static_cast<int>(id - kFirstAppServerId) + 1; }

}  // namespace models
