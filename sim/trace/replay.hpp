#pragma once
// Re-executes a trace against the state machines alone (no SimGrid): each node is built from the
// header's configs and the durable state of its start record, given the recorded inputs in order,
// and every effect it returns must equal the recorded one, line for line. The footer's counts and
// digest must match the lines before it.
//
// A trace is input like any other file, and a crafted one must never reach a model's assertion:
// before a record is given to a node, replay checks that it is one the run could have produced
// (replay_checks.hpp): a node's configuration and start state, a message that its sender did send,
// a control the node takes with values in range, times that do not go back.
#include <cstdint>
#include <istream>
#include <string>

#include "sim/trace/line_reader.hpp"

namespace sim::trace {

enum class ReplayOutcome {
  verified,     // every effect matched, and the footer matched the lines
  mismatch,     // a replayed node returned another effect than the recorded one (exit 1)
  damaged,      // the trace is cut short (no footer, a last line without its newline) or its footer
                // does not match its lines: changed after it was written (exit 1)
  bad_trace,    // not a trace, or a record the run could not have produced (exit 2)
  interrupted,  // SIGINT or SIGTERM stopped the replay
};

struct ReplayResult {
  ReplayOutcome outcome = ReplayOutcome::verified;
  std::uint64_t lines = 0;
  std::uint64_t inputs = 0;         // steps replayed
  std::uint64_t effects = 0;        // effects found equal to the recorded ones
  std::uint64_t nodes_started = 0;  // start records (first starts and restarts)
  std::uint64_t last_time_ns = 0;
  std::string report;               // for a mismatch, damage or a bad trace: what to tell the user
};

ReplayResult replay_trace(std::istream& in);
ReplayResult replay_trace(LineReader& reader);

}  // namespace sim::trace
