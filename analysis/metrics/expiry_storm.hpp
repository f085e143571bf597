#pragma once
// An expiry storm: many sessions expiring within one second, each of them a client that must
// build its state again (new session, ephemerals, watches) at the same moment. The meter keeps
// the expiries of the last second only, so it costs nothing however long the run.
#include <cstdint>
#include <deque>

#include "models/core/time.hpp"

namespace analysis {

class ExpiryStorm {
 public:
  // One expiry at time_ns, in time order.
  void add(models::Time time_ns);
  // The most expiries within any one second, and when that second began (its first expiry).
  std::uint64_t peak_per_s() const { return peak_; }
  models::Time peak_start_ns() const { return peak_start_ns_; }

 private:
  std::deque<models::Time> last_second_;
  std::uint64_t peak_ = 0;
  models::Time peak_start_ns_ = 0;
};

}  // namespace analysis
