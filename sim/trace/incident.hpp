#pragma once
// An incident timeline: timestamped fault events from outside zksim (a postmortem's timeline, an
// export from monitoring) merged into a scenario's own events. Either CSV, one event a row with a
// header naming the columns (time_s or at_s, kind, then the keys that kind takes in a scenario's
// "events"), or JSON ({"events": [...]} or a bare array of event objects). Every row is validated
// by the scenario loader's own event reader; CSV problems are reported as FILE:LINE: column: ...
// See scenarios/incidents/README.md.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace sim::trace {

struct IncidentResult {
  std::vector<Event> events;
  nlohmann::ordered_json events_json = nlohmann::ordered_json::array();  // as read (for a trace header)
  std::vector<std::string> errors;  // one line each, naming the file, line (CSV) and field
};

IncidentResult load_incident(const std::string& path, const Scenario& scenario);
// The same from the file's content (path names it in the errors): any bytes give events or errors.
IncidentResult parse_incident(const std::string& content, const std::string& path, const Scenario& scenario);
// Adds the events to the scenario's in time order; at equal times the scenario's own come first.
void merge_events(Scenario& scenario, const std::vector<Event>& events);

}  // namespace sim::trace
