#include "sim/sweep/step_verdict.hpp"

#include <cmath>

#include "analysis/plot/number_format.hpp"

namespace sim::sweep {

namespace {

std::vector<double> samples_of(const std::vector<RunResult>& runs, double RunResult::*field) {
  std::vector<double> out;
  for (const RunResult& r : runs) out.push_back(r.*field);
  return out;
}

// An infinite half-width (a single replication) is never narrow enough.
bool relative_width_ok(double half_width, double scale, double relative_half_width) {
  if (half_width == 0) return true;
  return std::isfinite(half_width) && half_width <= relative_half_width * std::abs(scale);
}

std::string range_text(const analysis::ConfidenceInterval& ci, int decimals) {
  return "[" + analysis::fixed_number(ci.low(), decimals) + ", " + analysis::fixed_number(ci.high(), decimals) + "]";
}

}  // namespace

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::meets: return "meets";
    case Verdict::fails: return "fails";
    case Verdict::undecided: return "undecided";
  }
  return "?";
}

SloIntervals slo_intervals(const std::vector<RunResult>& runs) {
  return {analysis::confidence_interval_95(samples_of(runs, &RunResult::p99_ms), 0),
          analysis::confidence_interval_95(samples_of(runs, &RunResult::service_percent), 0, 100),
          analysis::confidence_interval_95(samples_of(runs, &RunResult::client_percent), 0, 100)};
}

Verdict verdict_of(const SloIntervals& ci, const Slo& slo) {
  if (ci.p99_ms.count == 0) return Verdict::undecided;
  if (ci.p99_ms.low() > slo.p99_ms || ci.service_percent.high() < slo.service_availability_percent ||
      ci.client_percent.high() < slo.client_availability_percent)
    return Verdict::fails;
  if (ci.p99_ms.high() <= slo.p99_ms && ci.service_percent.low() >= slo.service_availability_percent &&
      ci.client_percent.low() >= slo.client_availability_percent)
    return Verdict::meets;
  return Verdict::undecided;
}

bool precise_enough(const SloIntervals& ci, double relative_half_width) {
  return relative_width_ok(ci.p99_ms.half_width, ci.p99_ms.mean, relative_half_width) &&
         relative_width_ok(ci.service_percent.half_width, 100 - ci.service_percent.mean, relative_half_width) &&
         relative_width_ok(ci.client_percent.half_width, 100 - ci.client_percent.mean, relative_half_width);
}

std::string undecided_reason(const SloIntervals& ci, const Slo& slo) {
  if (verdict_of(ci, slo) != Verdict::undecided) return "";
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (ci.p99_ms.high() > slo.p99_ms)
    add("p99 " + range_text(ci.p99_ms, 3) + " ms straddles " + analysis::fixed_number(slo.p99_ms, 3));
  if (ci.service_percent.low() < slo.service_availability_percent)
    add("service " + range_text(ci.service_percent, 4) + " % straddles " +
        analysis::fixed_number(slo.service_availability_percent, 4));
  if (ci.client_percent.low() < slo.client_availability_percent)
    add("client " + range_text(ci.client_percent, 4) + " % straddles " +
        analysis::fixed_number(slo.client_availability_percent, 4));
  return out;
}

}  // namespace sim::sweep
