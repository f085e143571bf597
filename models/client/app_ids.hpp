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

}  // namespace models
