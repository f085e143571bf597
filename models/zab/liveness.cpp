// Failure detection (Leader.lead's tick loop, LearnerHandler.synced, the learners' socket read
// timeouts). A crashed peer is noticed at once through its reset connection (on_peer_lost, and
// CloseConnection for a closed one); a powered-off or partitioned one only by these timeouts.
// The leader gives up when it has not heard from a quorum within syncLimit ticks, at a full-tick
// boundary; a learner gives up after initLimit (before NEWLEADER) or syncLimit ticks of silence.
#include <algorithm>
#include <utility>

#include "models/zab/peer.hpp"

namespace models::zab {

void ZabPeer::on_leader_tick(Time now, Effects& out) {
  LeaderState& l = *leader_;
  send_pings(out);
  l.check_quorum_this_tick = !l.check_quorum_this_tick;
  if (l.check_quorum_this_tick) {
    ++l.tick;
    if (!synced_quorum()) return request_election();  // "Not sufficient followers synced"
  }
  out.set_timer(kLeaderTick, now + config_.tick_ns / 2);
}

void ZabPeer::send_pings(Effects& out) const {
  for (const auto& [id, link] : leader_->learners)
    if (link.stage >= Stage::syncing) out.send(id, Ping{history_.last_zxid()});
}

// LearnerHandler.synced(): still connected, and heard from within syncLimit of the leader's ticks.
bool ZabPeer::synced(const LearnerLink& link) const { return leader_->tick <= link.tick_of_next_ack_deadline; }

bool ZabPeer::synced_quorum() const {
  std::set<NodeId> synced_ids{config_.id};
  for (const auto& [id, link] : leader_->learners)
    if (!link.observer && link.stage >= Stage::syncing && synced(link)) synced_ids.insert(id);
  return is_quorum(synced_ids);
}

// "Timeout while waiting for epoch from quorum" / "for a quorum of followers": each of the
// leader's waits before it is established is bounded by initLimit ticks.
void ZabPeer::on_leader_phase_timeout() { request_election(); }

void ZabPeer::on_learner_read_timeout(Time now, Effects& out) {
  const LearnerState& ls = *learner_;
  const bool past_newleader = ls.phase == LearnerPhase::synced || ls.phase == LearnerPhase::serving;
  const Time limit_ns = ticks_ns(past_newleader ? config_.sync_limit_ticks : config_.init_limit_ticks);
  const Time deadline_ns = ls.last_heard_ns + limit_ns;
  if (now >= deadline_ns) return request_election();
  out.set_timer(kLearnerRead, deadline_ns);  // heard from the leader since: look again then
}

// The learner answers each ping, which is what keeps it counted as synced by the leader.
// The answer carries the sessions our clients touched since the last one.
void ZabPeer::on_ping(NodeId from, Effects& out) {
  std::vector<SessionId> touched(learner_->touched.begin(), learner_->touched.end());
  learner_->touched.clear();
  std::sort(touched.begin(), touched.end());
  out.send(from, Ping{history_.last_zxid(), std::move(touched)});
}

// The learner's connection is gone. What it already acknowledged stays counted, as in ZooKeeper.
void ZabPeer::drop_learner(NodeId id) { leader_->learners.erase(id); }

}  // namespace models::zab
