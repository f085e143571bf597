#pragma once
// The quorums a leader counts with (ZooKeeper's pair of QuorumVerifiers in Proposal and
// SyncedLearnerTracker): the active configuration, and while a reconfig is proposed but not yet
// committed, the proposed one as well. During that window every decision that needs a quorum
// (committing, keeping leadership, establishing an epoch) needs a quorum of BOTH: a quorum of the
// old configuration keeps the reconfig from being lost by a leader elected under the old rules,
// a quorum of the new one makes sure the new configuration can go on once it is activated.
#include <optional>
#include <set>

#include "models/core/configuration.hpp"

namespace models::membership {

class QuorumSystem {
 public:
  explicit QuorumSystem(Configuration active);

  const Configuration& active() const { return active_; }
  const std::optional<Configuration>& pending() const { return pending_; }
  // A voter of the active configuration.
  bool is_voter(NodeId id) const { return active_.is_voter(id); }
  // A quorum of the active configuration and, while one is pending, of the pending one too, each
  // counted by its own rule (majority or hierarchical: either side may be either).
  bool is_quorum(const std::set<NodeId>& ids) const;
  // The same, but counting a plain majority of each side's voters whatever its rule: only the
  // deliberately broken variant ProtocolBugs::majority_for_hierarchical counts so.
  bool is_majority_quorum(const std::set<NodeId>& ids) const;
  // The configuration that the newest proposal creates: pending if any, else active.
  const Configuration& latest() const { return pending_ ? *pending_ : active_; }

  // A reconfig was logged (proposed, or found uncommitted in the log of a new leader).
  void set_pending(Configuration next);
  void clear_pending() { pending_.reset(); }
  // A reconfig committed: its configuration becomes the active one (older ones are ignored).
  // Returns false if it was not newer than the active configuration.
  bool activate(const Configuration& next);
  void check_invariants() const;

 private:
  Configuration active_;
  std::optional<Configuration> pending_;
};

}  // namespace models::membership
