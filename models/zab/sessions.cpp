// Session liveness on the leader (SessionTrackerImpl, LearnerSessionTracker): the leader alone
// decides that a session expired, from its own clients' touches and those its learners report
// with their pings, and expires it with a closeSession transaction, which deletes the session's
// ephemeral znodes on every server as it is applied.
#include <cassert>

#include "models/zab/peer.hpp"

namespace models::zab {

// A new leader knows the sessions from its tree and gives each a full timeout from now: the
// clients had no way to touch it before (ZooKeeper's leader does the same when it loads its db).
void ZabPeer::start_session_tracking(Time now) {
  LeaderState& l = *leader_;
  l.proposed = tree_;
  l.sessions = SessionTracker(config_.tick_ns);
  for (const auto& [session, timeout_ns] : tree_.sessions()) l.sessions.add(session, timeout_ns, now);
}

void ZabPeer::touch_session(Time now, SessionId session) {
  if (established_leader()) leader_->sessions.touch(session, now);
  else if (learner_) learner_->touched.insert(session);
}

void ZabPeer::on_learner_ping(Time now, const Ping& ping) {
  if (!established_leader()) return;
  for (SessionId session : ping.touched) leader_->sessions.touch(session, now);
}

// SessionTrackerImpl.run is a thread of its own, asleep until the next expiration interval (one
// tick) boundary: it does not wait for Leader.lead's loop. A leader resumed after a long pause
// therefore expires the sessions that timed out meanwhile at once, whether or not its quorum check
// is about to make it step down.
Time ZabPeer::next_expiry_boundary_ns(Time now) const { return (now / config_.tick_ns + 1) * config_.tick_ns; }

void ZabPeer::on_session_expiry_tick(Time now, Effects& out) {
  expire_sessions(now, out);
  if (established_leader()) out.set_timer(kSessionExpiry, next_expiry_boundary_ns(now));
}

// Each expired session becomes a closeSession transaction of the leader's own.
void ZabPeer::expire_sessions(Time now, Effects& out) {
  assert(established_leader());
  for (SessionId session : leader_->sessions.take_expired(now)) {
    Txn close;
    close.origin_server = config_.id;
    close.op.kind = OpKind::write;
    close.op.code = OpCode::close_session;
    close.session = session;
    propose(now, close, out);
    if (!established_leader()) return;  // the zxid counter ran out
  }
}

}  // namespace models::zab
