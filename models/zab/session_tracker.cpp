#include "models/zab/session_tracker.hpp"

#include <cassert>

namespace models::zab {

// ExpiryQueue.roundToNextInterval: deadlines fall on tick boundaries, so that one pass a tick
// expires a whole bucket.
Time SessionTracker::deadline_for(Time now, Time timeout_ns) const {
  return ((now + timeout_ns) / tick_ns_ + 1) * tick_ns_;
}

void SessionTracker::add(SessionId session, Time timeout_ns, Time now) {
  assert(timeout_ns > 0);
  remove(session);
  const Entry entry{timeout_ns, deadline_for(now, timeout_ns)};
  sessions_[session] = entry;
  by_deadline_.insert({entry.deadline_ns, session});
}

void SessionTracker::touch(SessionId session, Time now) {
  auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  const Time deadline_ns = deadline_for(now, it->second.timeout_ns);
  if (deadline_ns <= it->second.deadline_ns) return;
  by_deadline_.erase({it->second.deadline_ns, session});
  it->second.deadline_ns = deadline_ns;
  by_deadline_.insert({deadline_ns, session});
}

void SessionTracker::remove(SessionId session) {
  auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  by_deadline_.erase({it->second.deadline_ns, session});
  sessions_.erase(it);
}

std::vector<SessionId> SessionTracker::take_expired(Time now) {
  std::vector<SessionId> expired;
  while (!by_deadline_.empty() && by_deadline_.begin()->first <= now) {
    const SessionId session = by_deadline_.begin()->second;
    by_deadline_.erase(by_deadline_.begin());
    sessions_.erase(session);
    expired.push_back(session);
  }
  return expired;
}

void SessionTracker::check_invariants() const {
  assert(sessions_.size() == by_deadline_.size());
  for (const auto& [deadline_ns, session] : by_deadline_) assert(sessions_.at(session).deadline_ns == deadline_ns);
}

}  // namespace models::zab
