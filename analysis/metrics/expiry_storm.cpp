#include "analysis/metrics/expiry_storm.hpp"

#include <cassert>

namespace analysis {

void ExpiryStorm::add(models::Time time_ns) {
  assert(last_second_.empty() || last_second_.back() <= time_ns);
  last_second_.push_back(time_ns);
  while (time_ns - last_second_.front() >= models::kSecond) last_second_.pop_front();
  if (last_second_.size() > peak_) {
    peak_ = last_second_.size();
    peak_start_ns_ = last_second_.front();
  }
}

}  // namespace analysis
