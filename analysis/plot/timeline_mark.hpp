#pragma once
// Something that happened to the ensemble at a known time and that a reader of a time plot needs
// to see next to the curves it explains: a fault ("crash server 1"), a restart, a membership change.
// The simulator builds them from the scenario's events; analysis only draws them.
#include <string>

namespace analysis {

struct TimelineMark {
  double time_s = 0;   // simulated time since the start of the run
  std::string label;   // short, shown rotated next to a vertical line
};

}  // namespace analysis
