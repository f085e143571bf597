#pragma once
// Who holds each role a targeted event may name (sim/scenario/targeting.hpp: the leader, a
// follower, a learner being synchronized, a server with clients, any running server), learnt from
// the run's observation stream alone, as an operator watching the ensemble would: never from a
// node's private state. It is one more recorder of the world's.
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "analysis/recorder.hpp"
#include "models/core/rng.hpp"
#include "sim/scenario/targeting.hpp"

namespace sim {

class RoleTracker final : public analysis::Recorder {
 public:
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;

  // Whether the server holds the role now (role id: never; the event names its server itself).
  bool holds(ServerRole role, models::NodeId server) const;
  // One server holding the role now, kNoNode when none does: the leader; the server with the most
  // clients (the lowest id on a tie); otherwise one drawn from rng among the holders.
  models::NodeId pick(ServerRole role, models::Rng& rng) const;
  // The servers that ever started (a server a membership change has not started yet is not one).
  const std::set<models::NodeId>& started() const { return started_; }
  models::NodeId leader() const { return leader_; }

 private:
  std::vector<models::NodeId> holders(ServerRole role) const;
  void on_stopped(models::NodeId server);
  void on_role_ended(models::NodeId server);
  void set_server_of(models::NodeId client, models::NodeId server);  // kNoNode: none

  models::NodeId leader_ = models::kNoNode;
  std::set<models::NodeId> started_;
  std::set<models::NodeId> running_;
  std::set<models::NodeId> following_;
  std::set<models::NodeId> syncing_;  // a sync was sent to it, and it has not synced since
  std::map<models::NodeId, models::NodeId> server_of_client_;  // as each client last told
  std::map<models::NodeId, std::size_t> clients_of_server_;    // the same, counted per server (none: absent)
};

}  // namespace sim
