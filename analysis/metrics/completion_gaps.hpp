#pragma once
// The longest pause of one kind of successful completion (writes, or reads), all clients together,
// around each of a series of moments (fault events): what a user of the ensemble saw stop.
//
// A gap is the time between two successive completions; before the first completion it starts at
// the run's start (0), and the one still open at the end of the run ends there. A gap overlaps the
// moment t when it intersects [t, t + settle]: it contains t, or starts within the settle window
// after it (the clients of a crashed leader may still finish a request or two before they stop).
// One gap may overlap several moments; each then reports it.
//
// Computed as the stream goes, in constant memory per moment, so that long runs do not keep every
// completion time. Moments and completions must come in time order (the recorder's order).
#include <cstddef>
#include <optional>
#include <vector>

#include "models/core/time.hpp"

namespace analysis {

struct CompletionGap {
  models::Time start_ns = 0;   // the completion it follows (0: the run's start)
  models::Time length_ns = 0;
};

class CompletionGaps {
 public:
  explicit CompletionGaps(models::Time settle_ns) : settle_ns_(settle_ns) {}
  // A moment of interest at at_ns (not before the last completion given); returns its index.
  std::size_t add_moment(models::Time at_ns);
  void completed(models::Time at_ns);
  // Closes the gap still open at end_ns; call once, after everything else.
  void finish(models::Time end_ns);
  // The longest gap overlapping moment `index` (the earliest of equal ones).
  const CompletionGap& longest(std::size_t index) const { return longest_.at(index); }

 private:
  void offer(models::Time from_ns, models::Time to_ns);

  models::Time settle_ns_;
  models::Time last_ns_ = 0;  // the last completion (the run's start before the first)
  // The gap that ended at last_ns_, for a moment recorded at the very time of a completion.
  std::optional<CompletionGap> closed_;
  std::vector<models::Time> moments_ns_;
  std::vector<CompletionGap> longest_;
  // Moments before this one end their settle window before last_ns_: no later gap overlaps them.
  std::size_t first_open_ = 0;
  bool finished_ = false;
};

}  // namespace analysis
