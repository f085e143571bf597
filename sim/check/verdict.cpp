#include "sim/check/verdict.hpp"

#include <cinttypes>
#include <cstdio>
#include <sstream>

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

void ProbeCounter::record(models::Time, models::NodeId, const models::Observation& what) {
  if (const auto* p = std::get_if<models::ProbeReached>(&what)) ++counts_[static_cast<std::size_t>(p->probe)];
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

// Service in every interval of the final window.
std::string window_problem(const RunOutput& output, double window_s) {
  const analysis::MetricsWindow& w = output.metrics->window();
  const auto from_ns = w.end_ns - models::from_seconds(window_s);
  std::size_t judged = 0;
  for (const analysis::IntervalStats& interval : output.metrics->intervals()) {
    if (interval.start_ns < from_ns || interval.start_ns + w.interval_ns > w.end_ns) continue;
    ++judged;
    if (std::string problem = interval_problem(interval, w.interval_ns); !problem.empty()) return problem;
  }
  return judged == 0 ? "no interval in the final seconds saw any activity" : "";
}

std::string leader_problem(const LivenessWatch& watch, const LivenessJudgement& j) {
  char text[160];
  const auto heal_ns = models::from_seconds(j.heal_s);
  if (!watch.first_leader_ns()) {
    std::snprintf(text, sizeof text, "no leader established after the final heal at %.1f s (bound %.1f s)", j.heal_s,
                  j.bounds.leader_s);
    return text;
  }
  const double after_s = models::to_seconds(*watch.first_leader_ns() - heal_ns);
  if (after_s <= j.bounds.leader_s) return "";
  std::snprintf(text, sizeof text, "a leader only %.1f s after the final heal at %.1f s (bound %.1f s)", after_s, j.heal_s,
                j.bounds.leader_s);
  return text;
}

}  // namespace

Verdict judge(const RunOutput& output, const LivenessWatch& watch, const LivenessJudgement& judgement) {
  if (output.violation) return {Outcome::violation, analysis::describe(*output.violation)};
  if (std::string problem = leader_problem(watch, judgement); !problem.empty()) return {Outcome::no_liveness, problem};
  if (watch.wasted_round()) return {Outcome::no_liveness, *watch.wasted_round()};
  const auto synced_by_ns = models::from_seconds(judgement.heal_s + judgement.bounds.synced_s);
  if (const auto member = watch.unsynced_member(synced_by_ns)) return {Outcome::no_liveness, *member};
  if (std::string problem = window_problem(output, judgement.window_s); !problem.empty())
    return {Outcome::no_liveness, problem};
  if (watch.ok_writes() == 0) return {Outcome::no_liveness, "no write committed in the final seconds"};
  return {};
}

std::string encode(const Verdict& verdict) {
  std::string detail = verdict.detail;
  for (char& c : detail)
    if (c == '\n') c = ' ';
  std::string text = std::to_string(static_cast<int>(verdict.outcome)) + " " + detail + "\nprobes";
  for (std::uint64_t count : verdict.probes) text += " " + std::to_string(count);
  return text + "\n";
}

Verdict decode(const std::string& text) {
  Verdict v;
  const auto end = text.find('\n');
  const std::string line = text.substr(0, end);
  int outcome = -1;
  if (std::sscanf(line.c_str(), "%d", &outcome) != 1 || outcome < 0 || outcome > 3)
    return {Outcome::crashed, "the run ended without a verdict"};
  v.outcome = static_cast<Outcome>(outcome);
  const auto space = line.find(' ');
  if (space != std::string::npos) v.detail = line.substr(space + 1);
  if (end == std::string::npos) return v;
  std::istringstream probes(text.substr(end + 1));
  std::string word;
  probes >> word;
  for (std::size_t i = 0; word == "probes" && i < v.probes.size(); ++i) probes >> v.probes[i];
  return v;
}

}  // namespace sim::check
