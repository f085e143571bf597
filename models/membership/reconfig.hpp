#pragma once
// The pure decisions of a reconfig, incremental or not (ZooKeeper's Leader/ReconfigRequestProcessor and
// QuorumPeer.processReconfig), kept apart from ZAB so that they can be tested on their own:
// which configuration a request asks for, whether the leader may propose it, and who leads the new
// configuration when the current leader is not one of its voters.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "models/core/messages.hpp"
#include "models/core/observation.hpp"
#include "models/core/txn.hpp"
#include "models/core/storage.hpp"
#include "models/membership/quorum_system.hpp"

namespace models::membership {

// The data-tree key of /zookeeper/config: a reconfig transaction writes it, as in ZooKeeper, so
// that its bytes count in snapshots. Client workloads use small keys and never reach it.
constexpr std::uint64_t kConfigKey = UINT64_MAX;

// The configuration a request asks for: its changes applied to `from`, or, for a non-incremental
// request, the configuration it carries (normalized). Its version is still unset.
Configuration requested_config(const Configuration& from, const ReconfigRequest& request);

// Whether the leader may propose `next` (made from `request`) now (ZooKeeper: ReconfigInProgress,
// BadArguments for an incremental change of a hierarchical configuration or an unusable one,
// NewConfigNoQuorum, "no changes"). `synced` are the servers connected and synced with the
// leader, the leader included: they must be a quorum of `next` by its own rule.
// ReconfigRefusal::none means it may.
ReconfigRefusal check_request(const QuorumSystem& quorums, const ReconfigRequest& request, const Configuration& next,
                              const std::set<NodeId>& synced);

// The reconfig transaction itself: it writes /zookeeper/config and carries the configuration.
Txn reconfig_txn(Zxid zxid, std::uint64_t request_id, Configuration next);

// Leader.getDesignatedLeader: the leader stays if it is a voter of the new configuration;
// otherwise, among the new configuration's voters that acknowledged the reconfig, the one that
// acknowledged the longest run of the proposals after it (the most up to date, so the fewest
// proposals are dropped). Ties go to the smallest sid, for determinism. kNoNode if none acked.
NodeId designated_leader(NodeId self, const Configuration& next, const std::set<NodeId>& reconfig_acks,
                         const std::map<Zxid, std::set<NodeId>>& later_outstanding);

// The configuration a server starts with: the last one it activated (durable: members, groups and
// weights), else its static one, under the durable version.
Configuration starting_configuration(Configuration static_config, const PersistentState& durable);

ReconfigEvent reconfig_event(ReconfigPhase phase, std::uint64_t request_id, const Configuration& old_config,
                             const Configuration* new_config, ReconfigRefusal refusal = ReconfigRefusal::none);

}  // namespace models::membership
