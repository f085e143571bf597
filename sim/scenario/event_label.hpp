#pragma once
// How the plots mark a scenario event that is not a fault (faults are labelled with what the
// clients saw, analysis/report/fault_report.hpp): what it did, with its values ("rate 5000 req/s,
// reads 90 %", "slow_disk server 2 x4"), and, for an event that takes an earlier one back, that it
// does ("heal: partitions undone", "slow_disk server 2 x1: undone").
#include <string>

#include "sim/scenario/scenario.hpp"

namespace sim {

std::string event_label(const Event& event);

}  // namespace sim
