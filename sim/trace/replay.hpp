#pragma once
// Re-executes a trace against the state machines alone (no SimGrid): each node is built from the
// header's configs and the durable state of its start record, given the recorded inputs in order,
// and every effect it returns must equal the recorded one, line for line.
#include <cstdint>
#include <istream>
#include <string>

namespace sim::trace {

enum class ReplayOutcome { verified, mismatch, bad_trace };

struct ReplayResult {
  ReplayOutcome outcome = ReplayOutcome::verified;
  std::uint64_t lines = 0;
  std::uint64_t inputs = 0;         // steps replayed
  std::uint64_t effects = 0;        // effects found equal to the recorded ones
  std::uint64_t nodes_started = 0;  // start records (first starts and restarts)
  std::uint64_t last_time_ns = 0;
  std::string report;               // for a mismatch or a bad trace: what to tell the user
};

ReplayResult replay_trace(std::istream& in);

}  // namespace sim::trace
