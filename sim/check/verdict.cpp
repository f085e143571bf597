#include "sim/check/verdict.hpp"

#include <cinttypes>
#include <cstdio>

namespace sim::check {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: return "ok";
    case Outcome::violation: return "VIOLATION";
    case Outcome::no_liveness: return "NO LIVENESS";
    case Outcome::crashed: return "CRASHED";
  }
  return "?";
}

void WriteProbe::record(models::Time time_ns, models::NodeId, const models::Observation& what) {
  const auto* done = std::get_if<models::RequestCompleted>(&what);
  if (done && time_ns >= from_ns_ && done->kind == models::OpKind::write && done->status == models::Status::ok)
    ++ok_writes_;
}

namespace {

std::string interval_problem(const analysis::IntervalStats& interval, models::Time length_ns) {
  char text[160];
  const double at_s = models::to_seconds(interval.start_ns);
  // A leader for 99% of the interval: the metrics' interval edges may clip a few nanoseconds.
  if (static_cast<double>(interval.leader_ns) < 0.99 * static_cast<double>(length_ns)) {
    std::snprintf(text, sizeof text, "no established leader for %.0f%% of the interval at %.1f s",
                  100.0 * (1.0 - static_cast<double>(interval.leader_ns) / static_cast<double>(length_ns)), at_s);
    return text;
  }
  if (interval.ok == 0) {
    std::snprintf(text, sizeof text, "no client request served in the interval at %.1f s", at_s);
    return text;
  }
  return "";
}

}  // namespace

Verdict judge(const RunOutput& output, const WriteProbe& writes, double window_s) {
  if (output.violation) return {Outcome::violation, analysis::describe(*output.violation)};
  const analysis::MetricsWindow& w = output.metrics->window();
  const auto from_ns = w.end_ns - models::from_seconds(window_s);
  std::size_t judged = 0;
  for (const analysis::IntervalStats& interval : output.metrics->intervals()) {
    if (interval.start_ns < from_ns || interval.start_ns + w.interval_ns > w.end_ns) continue;
    ++judged;
    if (std::string problem = interval_problem(interval, w.interval_ns); !problem.empty())
      return {Outcome::no_liveness, problem};
  }
  if (judged == 0) return {Outcome::no_liveness, "no interval in the final seconds saw any activity"};
  if (writes.ok_writes() == 0) return {Outcome::no_liveness, "no write committed in the final seconds"};
  return {};
}

std::string encode(const Verdict& verdict) {
  std::string detail = verdict.detail;
  for (char& c : detail)
    if (c == '\n') c = ' ';
  return std::to_string(static_cast<int>(verdict.outcome)) + " " + detail + "\n";
}

Verdict decode(const std::string& line) {
  Verdict v;
  int outcome = -1;
  if (std::sscanf(line.c_str(), "%d", &outcome) != 1 || outcome < 0 || outcome > 3)
    return {Outcome::crashed, "the run ended without a verdict"};
  v.outcome = static_cast<Outcome>(outcome);
  const auto space = line.find(' ');
  if (space != std::string::npos) v.detail = line.substr(space + 1);
  while (!v.detail.empty() && v.detail.back() == '\n') v.detail.pop_back();
  return v;
}

}  // namespace sim::check
