#pragma once
// Whether an established leader can still commit: a quorum of the newest configuration, by its
// rule (a strict majority of the voters, or hierarchical: models/core/configuration.hpp), must be
// the leader itself or followers that follow it, run (neither stopped nor
// paused) and reach it both ways (no partition between them; a one-way cut is a cut, since a
// proposal must go out and its ACK come back). A leader partitioned from its followers, or whose
// followers froze or crashed, cannot commit from that moment, though it notices only at its next
// tick check (syncLimit); service availability counts it down from that moment (run_metrics.hpp).
// From observations only: process starts, stops, pauses; states; partitions (a NetworkPartitioned
// with no groups is a heal); activated configurations.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "models/core/configuration.hpp"
#include "models/core/observation.hpp"

namespace analysis {

class QuorumReach {
 public:
  // The first configuration (no voters: unknown, and every leader is taken to reach a quorum, as
  // before this was measured).
  void set_configuration(models::Configuration config) { config_ = std::move(config); }
  void record(models::NodeId node, const models::Observation& what);

  bool reaches_quorum(models::NodeId leader) const;
  // The newest configuration activated in the run (null: none since the first).
  const std::shared_ptr<const models::Configuration>& newest_config() const { return newest_config_; }
  // Why it does not, for the write-unavailability windows: "leader 3 reaches 2 of 5 voters
  // (partition)".
  std::string why_not(models::NodeId leader) const;

 private:
  bool connected(models::NodeId a, models::NodeId b) const;
  std::set<models::NodeId> reached(models::NodeId leader) const;

  models::Configuration config_;
  std::map<models::NodeId, models::PeerState> states_;  // running servers
  std::set<models::NodeId> paused_;
  std::map<models::NodeId, std::size_t> group_of_;  // the current partition (none: whole)
  std::shared_ptr<const models::Configuration> newest_config_;
};

}  // namespace analysis
