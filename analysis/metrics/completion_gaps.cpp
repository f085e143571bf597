#include "analysis/metrics/completion_gaps.hpp"

#include <algorithm>
#include <cassert>

namespace analysis {

std::size_t CompletionGaps::add_moment(models::Time at_ns) {
  assert(!finished_);
  assert(at_ns >= last_ns_ && (moments_ns_.empty() || at_ns >= moments_ns_.back()));
  moments_ns_.push_back(at_ns);
  longest_.push_back({});
  // A completion at this very time closed a gap that ends at the moment: it contains it too.
  if (closed_ && closed_->start_ns + closed_->length_ns >= at_ns && closed_->start_ns <= at_ns + settle_ns_ &&
      closed_->length_ns > longest_.back().length_ns)
    longest_.back() = *closed_;
  return moments_ns_.size() - 1;
}

void CompletionGaps::completed(models::Time at_ns) {
  assert(!finished_ && at_ns >= last_ns_);
  offer(last_ns_, at_ns);
  closed_ = CompletionGap{last_ns_, at_ns - last_ns_};
  last_ns_ = at_ns;
}

void CompletionGaps::finish(models::Time end_ns) {
  assert(!finished_);
  offer(last_ns_, std::max(end_ns, last_ns_));
  finished_ = true;
}

// Every moment recorded so far is at or before to_ns, so the gap overlaps [t, t + settle] exactly
// when it starts by t + settle; windows end in time order, so those that end before from_ns are a
// prefix that no later gap (starting later still) can overlap.
void CompletionGaps::offer(models::Time from_ns, models::Time to_ns) {
  while (first_open_ < moments_ns_.size() && moments_ns_[first_open_] + settle_ns_ < from_ns) ++first_open_;
  const CompletionGap gap{from_ns, to_ns - from_ns};
  for (std::size_t i = first_open_; i < moments_ns_.size(); ++i)
    if (gap.length_ns > longest_[i].length_ns) longest_[i] = gap;
}

}  // namespace analysis
