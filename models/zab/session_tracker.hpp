#pragma once
// The leader's view of session liveness (ZooKeeper's SessionTrackerImpl with its ExpiryQueue): each
// session expires at the first tick boundary after its last touch plus its timeout. The leader
// touches the sessions of its own clients as they talk to it, and those its learners report with
// their pings; a new leader starts every known session's clock afresh, as ZooKeeper does.
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "models/core/ids.hpp"
#include "models/core/time.hpp"

namespace models::zab {

class SessionTracker {
 public:
  explicit SessionTracker(Time tick_ns = ms(2000)) : tick_ns_(tick_ns) {}
  void add(SessionId session, Time timeout_ns, Time now);
  // Unknown sessions (never created, or already being closed) are ignored.
  void touch(SessionId session, Time now);
  void remove(SessionId session);
  // The sessions whose deadline has passed, in deadline order; they are no longer tracked.
  std::vector<SessionId> take_expired(Time now);
  bool tracks(SessionId session) const { return sessions_.count(session) != 0; }
  Time deadline_ns(SessionId session) const { return sessions_.at(session).deadline_ns; }
  std::size_t size() const { return sessions_.size(); }
  void check_invariants() const;

 private:
  struct Entry {
    Time timeout_ns = 0;
    Time deadline_ns = 0;
  };
  Time deadline_for(Time now, Time timeout_ns) const;

  Time tick_ns_;
  std::map<SessionId, Entry> sessions_;
  std::set<std::pair<Time, SessionId>> by_deadline_;
};

}  // namespace models::zab
