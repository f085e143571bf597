#pragma once
// The operator of a run: one SimGrid actor that carries out the scenario's membership events in
// order, as a person with zkCli would. For each change it starts the new servers' processes (with
// the current configuration as their dynamic config file), waits until they follow the leader,
// sends the reconfig request to the current leader, and retries it when it is refused for a
// reason time can cure (no synced quorum of the new configuration, another reconfig in progress,
// no leader). Removed servers are shut down a while after the commit. A change waits for the one
// before it: events that come due meanwhile start late (the report shows when each was requested).
// A change with "when" waits, from its time, for its protocol moment (sim/runtime/targeted_events),
// and is skipped if the moment does not come.
#include "analysis/metrics/membership_metrics.hpp"
#include "sim/runtime/membership_tracker.hpp"
#include "sim/runtime/targeted_events.hpp"
#include "sim/runtime/world.hpp"

namespace sim {

// Retry policy (documented in README.md).
constexpr double kOperatorPollS = 0.005;         // how often the operator looks at the ensemble
constexpr double kRetryDelayS = 0.5;             // between a refusal and the next attempt
constexpr int kMaxAttempts = 20;                 // then the change is abandoned
constexpr double kAttemptTimeoutS = 10;          // an attempt with no outcome by then is retried

// targeted may be null when no membership event waits for a moment.
void start_membership_actor(World& world, MembershipTracker& tracker, analysis::MembershipMetrics& metrics,
                            TargetedEvents* targeted);

}  // namespace sim
