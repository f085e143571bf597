#pragma once
// What one swarm run concluded: safe and live, a broken guarantee, or an ensemble that did not
// come back to work after the quiet period. Judged in the child process that ran the scenario and
// passed to the parent as one line of text.
#include <string>

#include "analysis/recorder.hpp"
#include "sim/run.hpp"

namespace sim::check {

enum class Outcome { ok, violation, no_liveness, crashed };
const char* outcome_name(Outcome outcome);  // "ok", "VIOLATION", "NO LIVENESS", "CRASHED"

struct Verdict {
  Outcome outcome = Outcome::ok;
  std::string detail;  // one line; empty when ok
};

// Counts the writes that succeeded from a given time on: "committed writes" in the final seconds.
class WriteProbe final : public analysis::Recorder {
 public:
  explicit WriteProbe(models::Time from_ns) : from_ns_(from_ns) {}
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;
  std::uint64_t ok_writes() const { return ok_writes_; }

 private:
  models::Time from_ns_;
  std::uint64_t ok_writes_ = 0;
};

// Liveness in the final window_s seconds of the run: an established leader all along, client
// requests served in every interval, and writes committed.
Verdict judge(const RunOutput& output, const WriteProbe& writes, double window_s);

std::string encode(const Verdict& verdict);  // one line, for the pipe from the child
Verdict decode(const std::string& line);

}  // namespace sim::check
