#pragma once
// Carries out the scenario's targeted events (sim/scenario/targeting.hpp), FoundationDB's
// BUGGIFY: a role is resolved to a server when the event acts, from the RoleTracker; an event
// with "when" is armed at its time and acts at the first occurrence of its moment that involves a
// server of its role (where the moment was observed, or the peer it concerns: the learner a TRUNC
// was sent to), on that server, delay_ms later. It lapses if the moment does not come by at_s +
// within_s. Every draw (a follower among several, the others a count or a partition takes) comes
// from the run's seed.
//
// It is a recorder of the world's, after the RoleTracker, so that it sees each observation once
// the roles account for it. A run with armed events never runs ahead of the clock (World::
// forbid_lookahead): the moment must be seen at its own time.
#include <cstdint>
#include <optional>
#include <vector>

#include <simgrid/s4u.hpp>

#include "analysis/recorder.hpp"
#include "models/core/rng.hpp"
#include "sim/runtime/role_tracker.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

class World;

class TargetedEvents final : public analysis::Recorder {
 public:
  TargetedEvents(World& world, const RoleTracker& roles);
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;

  // The event actor at a targeted event's time (not a membership change): act now, with its role
  // resolved, or arm it until its moment.
  void at_time(const Event& event);
  // The membership operator at a membership event with "when": waits for the moment (then for
  // delay_ms) and returns true, or returns false once the event lapsed.
  bool wait_for_moment(const Event& event);
  // How many targeted events acted, and how many found no server of their role or lapsed (or are
  // still waiting).
  std::uint64_t acted() const { return acted_; }
  std::uint64_t missed() const { return missed_ + armed_.size(); }

 private:
  struct Armed {
    Event event;
    models::Time until_ns;
    simgrid::s4u::SemaphorePtr operator_waiting;  // a membership change's operator, else null
  };
  // The server of the event's role that this observation involves, or nothing; an event that
  // names no server (heal, a membership change) is involved in every occurrence, with kNoNode.
  std::optional<models::NodeId> involved(const Event& event, models::NodeId node, models::NodeId peer) const;
  void fire(const Armed& armed, models::NodeId target);
  void act(const Event& event, models::NodeId target);
  std::vector<Event> concrete_events(const Event& event, models::NodeId target);
  std::vector<models::NodeId> draw_others(models::NodeId target, int count);
  void expire(models::Time now_ns);

  World& world_;
  const RoleTracker& roles_;
  models::Rng rng_;
  std::vector<Armed> armed_;  // in the order they were armed
  std::uint64_t acted_ = 0;
  std::uint64_t missed_ = 0;
};

// The events a run's scenario plays that wait for a moment: such a run never runs ahead.
bool waits_for_moments(const Scenario& scenario);

}  // namespace sim
