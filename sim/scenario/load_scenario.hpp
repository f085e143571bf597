#pragma once
// Turns scenario JSON into a validated Scenario, or into the complete list of what is wrong with
// it (each problem with its JSON path and a hint). Nothing runs until a scenario is valid.
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

struct LoadResult {
  std::optional<Scenario> scenario;
  std::vector<InputError> errors;
  std::string source;  // the file name (or "<default>") the errors refer to
  std::string text;    // the JSON text as loaded (a trace's header records it)
};

// base_dir resolves relative paths inside the scenario (profiles).
LoadResult parse_scenario(const std::string& text, const std::string& source, const std::string& base_dir);
LoadResult load_scenario_file(const std::string& path);
// Reads one event object, as found in a scenario's "events" array, checked against scenario s
// (server ids, run duration); problems go to the reader's errors with their paths. Incident
// timelines (--incident) are read through it too.
void read_event(const JsonReader& reader, const Scenario& scenario, Event& event);
// One line per problem: "FILE: $.path: message (hint)".
std::string format_errors(const LoadResult& result);

}  // namespace sim
