#include "tests/fuzz/scenario_entry.hpp"

#include <string_view>

#include "sim/limits/memory_estimate.hpp"
#include "sim/scenario/failure_process.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/trace/incident.hpp"

namespace tests::fuzz {

namespace {

// Profiles named by a fuzzed scenario resolve here, so that the real ones can be found.
constexpr const char* kBaseDir = ZKSIM_FUZZ_BASE_DIR;
// Expanding a failure process costs one Event per failure: only small ones are expanded, so
// that one input stays fast (the memory estimate is what protects real runs from large ones).
constexpr double kFailureEventsExpandedMax = 100'000;

std::string check_load_result(const sim::LoadResult& result) {
  if (result.scenario && !result.errors.empty()) return "a scenario together with errors";
  if (!result.scenario && result.errors.empty()) return "neither a scenario nor errors";
  for (const sim::InputError& e : result.errors)
    if (e.path.empty() || e.path[0] != '$') return "an error without a JSON path: " + e.message;
  return "";
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

std::string check_incident(const std::string& text) {
  const sim::Scenario scenario;  // the defaults: 3 servers, 60 s
  const sim::trace::IncidentResult result = sim::trace::parse_incident(text, "fuzz.csv", scenario);
  if (result.errors.empty() && result.events.size() != result.events_json.size())
    return "incident events and their JSON differ in number";
  return "";
}

}  // namespace

std::string check_scenario_input(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const sim::LoadResult result = sim::parse_scenario(text, "fuzz.json", kBaseDir);
  if (std::string problem = check_load_result(result); !problem.empty()) return "scenario: " + problem;
  if (result.scenario)
    if (std::string problem = check_valid_scenario(*result.scenario); !problem.empty()) return "scenario: " + problem;
  if (std::string problem = check_incident(text); !problem.empty()) return "incident: " + problem;
  return "";
}

}  // namespace tests::fuzz
