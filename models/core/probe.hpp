#pragma once
// Coverage probes (FoundationDB's CODE_PROBE): named rare situations of the protocol, each
// observed (ProbeReached, models/core/observation.hpp) at the exact place in the models where it
// happens. Swarm testing (`zksim check`) counts them over a campaign and names the ones its seeds
// never reached: a situation never reached is a situation never tested. A targeted fault can wait
// for one (a restart in the middle of a TRUNC: sim/scenario's `"when"`).
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace models {

enum class Probe : std::uint8_t {
  // Synchronization, at the leader; the peer is the learner synchronized.
  diff_sent,   // DIFF: the learner's log is a prefix of the leader's history
  trunc_sent,  // TRUNC: the learner holds a tail the leader does not have (proposals of an older epoch)
  snap_sent,   // SNAP: the learner is more than the committed log window behind
  // Discovery.
  older_epoch_leader_refused,  // a learner refused a leader whose epoch is older than one it promised to
  newer_learner_refused,       // the leader closed a learner more recent than itself (waitForEpochAck)
  // Broadcast.
  older_epoch_proposal_refused,  // a proposal of an older epoch (a deposed leader's) was refused
  proposal_gap_resync,           // a learner saw a gap in its leader's proposals and went back to LOOKING
  commit_gap_resync,             // a learner was told to commit another zxid than its next pending one
  // Failure detection.
  leader_lost_quorum,     // the leader heard no synced quorum within syncLimit and stepped down
  learner_timed_out,      // a learner heard nothing from its leader within initLimit / syncLimit
  learner_retried_connect,  // a learner was refused by a leader still loading, and tried again
  // Election.
  election_waited_out_lost_vote,  // a round decided only after re-sending its vote on an empty poll
  finalize_wait_interrupted,      // a better vote arrived during the finalize wait
  // Membership.
  reconfig_abandoned,  // a leader's term ended with the reconfig it proposed still uncommitted
  reconfig_inherited,  // a new leader found an uncommitted reconfig in its log: joint quorums
  // Sessions.
  session_expired_during_sync,  // a sync brought the closing of a session that expired meanwhile
  stale_connect_response_ignored,  // a client ignored the answer to a connection attempt it gave up
  // Storage.
  trunc_below_snapshot,  // a learner truncated below its newest snapshot, and reloaded it (as ZooKeeper does)
};

constexpr std::array<std::string_view, 18> kProbeNames{
    "diff_sent", "trunc_sent", "snap_sent", "older_epoch_leader_refused", "newer_learner_refused",
    "older_epoch_proposal_refused", "proposal_gap_resync", "commit_gap_resync", "leader_lost_quorum",
    "learner_timed_out", "learner_retried_connect", "election_waited_out_lost_vote", "finalize_wait_interrupted",
    "reconfig_abandoned", "reconfig_inherited", "session_expired_during_sync", "stale_connect_response_ignored",
    "trunc_below_snapshot",
};
constexpr std::size_t kProbeCount = kProbeNames.size();
static_assert(static_cast<std::size_t>(Probe::trunc_below_snapshot) + 1 == kProbeCount,
              "one name per probe, in the enum's order");

constexpr std::string_view probe_name(Probe probe) { return kProbeNames[static_cast<std::size_t>(probe)]; }
std::optional<Probe> probe_from(std::string_view name);

}  // namespace models
