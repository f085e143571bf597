#pragma once
// How much memory a scenario's run will hold at its peak, estimated from the scenario alone, so
// that a run too large for the machine is refused before it starts (a clear message naming the
// JSON value to change) rather than killed by the kernel hours later. Pure: the available memory
// is the caller's to read (sim/limits/available_memory.hpp).
//
// The model adds up, with constants measured on zksim runs (see memory_estimate.cpp):
//   - the process itself (SimGrid, the binary, the report),
//   - each server and each client node, each host and each route between two hosts,
//   - the logs: the writes each member still holds in its log and durable store (its newest
//     snapshot bounds them: at most snap_count, the committed log and what a DIFF from disk may
//     send), and the safety checker's window,
//   - the data tree (one entry per key written, per member), the initial data (shared by every
//     tree) and the Zipf table (one per key),
//   - the metrics' time series (one histogram per interval),
//   - the failure process's events.
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace sim::limits {

struct MemoryPart {
  std::string path;   // the JSON path of the scenario value that drives this part
  std::string what;   // how it was computed, for the refusal message
  double bytes = 0;
};

struct MemoryEstimate {
  std::vector<MemoryPart> parts;
  double failure_events = 0;  // expected events of the failure process (each one an Event)
  double total_bytes() const;
  const MemoryPart& dominant() const;  // the largest part (precondition: parts not empty)
};

MemoryEstimate estimate_memory(const Scenario& scenario);

// Empty when the estimate fits in available_bytes; otherwise the refusal, one line in the
// loader's error format: "SOURCE: $.path: needs about X of memory, more than the Y available (...)".
std::string refusal(const MemoryEstimate& estimate, double available_bytes, const std::string& source);

// The refusal of a run of this scenario on this machine (empty when it fits, or when the machine
// does not say how much memory it has): better exit code 2 now than an out-of-memory kill later.
std::string refusal_here(const Scenario& scenario, const std::string& source);

}  // namespace sim::limits
