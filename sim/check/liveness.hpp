#pragma once
// Liveness judged strictly (issue 16): after the final heal, in which every fault is undone and
// every server restarted together, a correct ensemble must have an established leader within a
// bound its configuration implies, every live member synchronized within a second bound, and
// writes committed to the end. The bounds, and why (sim/check/README.md, "Liveness"):
//
//   leader_s = process_exit + election + initLimit x tick + server_startup
//     process_exit: the restart waits for the killed process's exit (profile.process_exit_ms);
//     election:     every server LOOKING at once decides after finalizeWait (200 ms) once the votes
//                   crossed; a vote lost to a peer not yet LOOKING is sent again after the empty
//                   polls of 200, 400 and 800 ms (three allowed): 1.6 s in all;
//     initLimit x tick: the elected leader's own limit for discovery and synchronization (it gives
//                   up past it): a correct first leader establishes within it;
//     server_startup: then its zk.startup() (profile.server_startup_ms) before it serves.
//   synced_s = leader_s + initLimit x tick
//     a learner that missed the establishment (its connection refused while the leader loaded,
//     or LOOKING a round late) joins and syncs within its own initLimit.
//
// initLimit is the largest of the servers' (ensemble.overrides).
//
// And no round wasted: a correct election elects a voter at least as recent (currentEpoch, then
// last zxid) as every voter whose vote it saw. After the final heal no link loses a message, so a
// voter whose election began a finalize wait before the leader's election decided was seen; a
// leader that then refuses it as more recent than itself (waitForEpochAck: newer_learner_refused)
// wasted the round. That is what a protocol that only costs availability does: vote_ignores_epoch
// elects a longer log of an older epoch, which can never establish. A voter whose election began
// later (a longer snapshot and log to read back before it votes) was not seen, and ZooKeeper
// elects without it and refuses it the same way; the judge then waits for the bounds above.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/recorder.hpp"
#include "models/core/configuration.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::check {

struct LivenessBounds {
  double leader_s = 0;  // from the final heal to an established leader
  double synced_s = 0;  // from the final heal to every live member synchronized
};
LivenessBounds liveness_bounds(const Scenario& scenario);
// The same, from the scenario's JSON (the generator knows only that when it sets the quiet period).
LivenessBounds liveness_bounds(double tick_ms, int init_limit_max, double process_exit_ms, double server_startup_ms);

// Watches the run from the final heal on: leaders, each server's process and sync, the members.
class LivenessWatch final : public analysis::Recorder {
 public:
  // initial: the configuration the run starts with (the newest one activated replaces it).
  LivenessWatch(models::Time heal_ns, models::Time writes_from_ns, models::Configuration initial);
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;

  std::optional<models::Time> first_leader_ns() const { return first_leader_ns_; }
  std::uint64_t ok_writes() const { return ok_writes_; }
  // The first refusal after the heal of a voter more recent than its leader, whose vote the
  // leader's election saw, as one line.
  const std::optional<std::string>& wasted_round() const { return wasted_round_; }
  // The first member that is running at the end but not synchronized, or was synchronized only
  // after deadline_ns; nothing when every one is.
  std::optional<std::string> unsynced_member(models::Time deadline_ns) const;

 private:
  struct ServerState {
    bool running = false;
    bool looking = true;
    models::Time election_started_ns = -1;  // its last StateChanged to LOOKING
    models::Time election_decided_ns = -1;  // its last ElectionFinished
    std::optional<models::Time> first_synced_ns;  // since the heal
    models::Time last_synced_ns = -1;
    models::Time last_changed_ns = -1;           // its last StateChanged or start
  };
  models::Time heal_ns_;
  models::Time writes_from_ns_;
  models::Configuration config_;  // the newest activated
  std::optional<std::string> wasted_round_;
  void judge_refusal(models::Time time_ns, models::NodeId leader, models::NodeId refused);
  std::map<models::NodeId, ServerState> servers_;
  std::optional<models::Time> first_leader_ns_;
  std::uint64_t ok_writes_ = 0;
};

}  // namespace sim::check
