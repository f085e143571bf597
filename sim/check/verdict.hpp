#pragma once
// What one swarm run concluded: safe and live, a broken guarantee, or an ensemble that did not
// come back to work after the final heal; and which coverage probes (models/core/probe.hpp) the
// run reached. Judged in the child process that ran the scenario and passed to the parent as two
// lines of text.
#include <array>
#include <cstdint>
#include <string>

#include "analysis/recorder.hpp"
#include "models/core/probe.hpp"
#include "sim/check/liveness.hpp"
#include "sim/run.hpp"

namespace sim::check {

enum class Outcome { ok, violation, no_liveness, crashed };
const char* outcome_name(Outcome outcome);  // "ok", "VIOLATION", "NO LIVENESS", "CRASHED"

using ProbeCounts = std::array<std::uint64_t, models::kProbeCount>;

struct Verdict {
  Outcome outcome = Outcome::ok;
  std::string detail;  // one line; empty when ok
  ProbeCounts probes{};  // how often the run reached each probe
};

// Counts the probes a run reaches.
class ProbeCounter final : public analysis::Recorder {
 public:
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;
  const ProbeCounts& counts() const { return counts_; }

 private:
  ProbeCounts counts_{};
};

// When the final heal was and what follows it: the bounds, and the last window_s seconds in
// which service must be continuous (a leader all along, requests served in every interval).
struct LivenessJudgement {
  double heal_s = 0;
  LivenessBounds bounds;
  double window_s = 0;
};

// A safety violation first; then liveness after the heal: a leader within bounds.leader_s and no
// round wasted on a leader less recent than a voter, every live member synchronized within
// bounds.synced_s and still at the end, service in every interval of the final window, and writes
// committed in it.
Verdict judge(const RunOutput& output, const LivenessWatch& watch, const LivenessJudgement& judgement);

std::string encode(const Verdict& verdict);  // two lines, for the pipe from the child
Verdict decode(const std::string& text);

}  // namespace sim::check
