#include "tests/fuzz/input_entry.hpp"

#include <sstream>
#include <string_view>

#include "sim/calibrate/measurements.hpp"
#include "sim/limits/memory_estimate.hpp"
#include "sim/scenario/failure_process.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/sweep/plan.hpp"
#include "sim/sweep/sweep_results.hpp"
#include "sim/trace/incident.hpp"
#include "sim/trace/replay.hpp"
#include "sim/trace/trace_diff.hpp"

namespace tests::fuzz {

namespace {

// Profiles named by a fuzzed scenario resolve here, so that the real ones can be found.
constexpr const char* kBaseDir = ZKSIM_FUZZ_BASE_DIR;
// Expanding a failure process costs one Event per failure: only small ones are expanded, so
// that one input stays fast (the memory estimate is what protects real runs from large ones).
constexpr double kFailureEventsExpandedMax = 100'000;

std::string check_errors(const std::vector<sim::InputError>& errors) {
  for (const sim::InputError& e : errors)
    if (e.path.empty() || e.path[0] != '$') return "an error without a JSON path: " + e.message;
  return "";
}

std::string check_load_result(const sim::LoadResult& result) {
  if (result.scenario && !result.errors.empty()) return "a scenario together with errors";
  if (!result.scenario && result.errors.empty()) return "neither a scenario nor errors";
  return check_errors(result.errors);
}

std::string check_valid_scenario(const sim::Scenario& scenario) {
  const sim::limits::MemoryEstimate estimate = sim::limits::estimate_memory(scenario);
  if (!(estimate.total_bytes() >= 0)) return "a negative or NaN memory estimate";
  if (estimate.failure_events <= kFailureEventsExpandedMax) {
    const auto events = sim::all_events(scenario);
    for (std::size_t i = 1; i < events.size(); ++i)
      if (events[i].at_s < events[i - 1].at_s) return "events out of time order after expansion";
  }
  return "";
}

std::string check_scenario(const std::string& text) {
  const sim::LoadResult result = sim::parse_scenario(text, "fuzz.json", kBaseDir);
  if (std::string problem = check_load_result(result); !problem.empty()) return problem;
  return result.scenario ? check_valid_scenario(*result.scenario) : "";
}

std::string check_incident(const std::string& text) {
  const sim::Scenario scenario;  // the defaults: 3 servers, 60 s
  const sim::trace::IncidentResult result = sim::trace::parse_incident(text, "fuzz.csv", scenario);
  if (result.errors.empty() && result.events.size() != result.events_json.size())
    return "incident events and their JSON differ in number";
  return "";
}

std::string check_plan(const std::string& text) {
  const sim::sweep::PlanResult result = sim::sweep::parse_plan(text, "fuzz.json", kBaseDir);
  if (result.plan.has_value() == !result.errors.empty()) return "a plan and errors, or neither";
  return check_errors(result.errors);
}

std::string check_measurements(const std::string& text) {
  for (bool require : {true, false}) {
    const sim::calibrate::MeasurementsResult result = sim::calibrate::parse_measurements(text, "fuzz.json", kBaseDir, require);
    if (result.measurements.has_value() == !result.errors.empty()) return "measurements and errors, or neither";
    if (std::string problem = check_errors(result.errors); !problem.empty()) return problem;
  }
  return "";
}

std::string check_shard(const std::string& text) {
  std::vector<sim::InputError> errors;
  const std::optional<nlohmann::json> doc = sim::parse_document(text, errors);
  if (!doc) return check_errors(errors);
  const std::optional<sim::sweep::ShardFile> shard = sim::sweep::read_shard(*doc, "fuzz.json", errors);
  if (shard.has_value() == !errors.empty()) return "a shard and errors, or neither";
  if (std::string problem = check_errors(errors); !problem.empty()) return problem;
  if (!shard) return "";
  std::vector<std::string> merge_errors;
  const std::optional<sim::sweep::SweepData> merged = sim::sweep::merge_shards({*shard}, merge_errors);
  if (merged.has_value() == !merge_errors.empty()) return "merged data and errors, or neither";
  if (merged) [[maybe_unused]] const std::string table = sim::sweep::sweep_table(*merged) + sim::sweep::sweep_csv(*merged);
  return "";
}

std::string check_trace(const std::string& text) {
  std::istringstream in(text);
  const sim::trace::ReplayResult result = sim::trace::replay_trace(in);
  if (result.outcome != sim::trace::ReplayOutcome::verified && result.report.empty()) return "a replay failure without a report";
  std::istringstream a(text), b(text);
  try {
    const sim::trace::TraceDiff d = sim::trace::diff_traces(a, b);
    if (!d.identical) return "a trace differs from itself";
  } catch (const std::runtime_error&) {  // not a trace: diff refuses it
  }
  return "";
}

}  // namespace

std::string check_input(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::pair<const char*, std::string (*)(const std::string&)> readers[] = {
      {"scenario", check_scenario}, {"incident", check_incident},         {"plan", check_plan},
      {"measurements", check_measurements}, {"shard", check_shard}, {"trace", check_trace}};
  for (const auto& [name, check] : readers)
    if (std::string problem = check(text); !problem.empty()) return std::string(name) + ": " + problem;
  return "";
}

}  // namespace tests::fuzz
