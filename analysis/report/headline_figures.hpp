#pragma once
// The headline figures of a run's report, what a user of its summary looks at first, by name and
// JSON pointer: replications.json's "metrics" (sim/replications.cpp) and the first rows of
// `zksim diff-reports` (report_diff.hpp). The bottleneck's utilization and the sessions expired
// are among them because a configuration change (more servers, a shorter session timeout) moves
// them; a report without the figure (no faults) simply lacks it.
#include <span>
#include <string>

namespace analysis {

struct HeadlineFigure {
  const char* name;
  const char* pointer;
};

std::span<const HeadlineFigure> headline_figures();
bool is_headline(const std::string& pointer);

}  // namespace analysis
