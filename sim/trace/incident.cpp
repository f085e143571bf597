#include "sim/trace/incident.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iterator>
#include <sstream>

#include "sim/scenario/input_file.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace sim::trace {

namespace {

// The kinds an incident may hold: every event kind but the membership changes, which the scenario
// plans together (scenarios/incidents/README.md says why).
std::vector<std::string> incident_kinds() {
  std::vector<std::string> kinds;
  for (std::size_t i = 0; i < std::size(kEventKindNames); ++i)
    if (!is_membership(static_cast<EventKind>(i))) kinds.push_back(kEventKindNames[i]);
  return kinds;
}

// Whether some incident kind takes this key. The scenario's own event reader answers (a key it
// does not know is reported as "unknown key" at its path), so the CSV columns cannot drift from
// the keys a scenario's events take.
bool some_kind_takes(const std::string& key) {
  if (key == "at_s" || key == "kind") return true;
  for (const std::string& kind : incident_kinds()) {
    std::vector<InputError> errors;
    Event probe;
    read_event(JsonReader(nlohmann::json{{"at_s", 0}, {"kind", kind}, {key, nullptr}}, "$", errors), Scenario{}, probe);
    const bool unknown = std::any_of(errors.begin(), errors.end(), [&](const InputError& e) {
      return e.path == "$." + key && e.message == "unknown key";
    });
    if (!unknown) return true;
  }
  return false;
}

// "FILE:LINE: column KEY: message (hint)"; path is the reader's ("$", "$.server", "$.groups[1][0]").
std::string csv_error(const std::string& where, const InputError& e, bool time_column_named_time_s) {
  std::string field = e.path.size() > 2 ? e.path.substr(2) : "";
  if (time_column_named_time_s && field.rfind("at_s", 0) == 0) field = "time_s" + field.substr(4);
  return where + ": " + (field.empty() ? "" : "column " + field + ": ") + e.message +
         (e.hint.empty() ? "" : " (" + e.hint + ")");
}

// Splits one CSV line; a double-quoted cell may hold commas ("[[1],[2,3]]") and "" for a quote.
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      cells.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  for (auto& cell : cells) {
    while (!cell.empty() && std::isspace(static_cast<unsigned char>(cell.back()))) cell.pop_back();
    cell.erase(0, cell.find_first_not_of(" \t"));
  }
  return cells;
}

// A cell as the JSON value a scenario would hold: integer, number, boolean, array, or string.
nlohmann::json cell_value(const std::string& cell) {
  if (cell == "true" || cell == "false") return cell == "true";
  if ((cell.front() == '[' || cell.front() == '{') && json_nesting_depth(cell) <= kJsonNestingMax) {
    nlohmann::json parsed = nlohmann::json::parse(cell, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(cell) : parsed;
  }
  char* end = nullptr;
  const long long integer = std::strtoll(cell.c_str(), &end, 10);
  if (*end == '\0') return integer;
  const double number = std::strtod(cell.c_str(), &end);
  if (*end == '\0') return number;
  return cell;
}

bool skipped(const std::string& line) {
  const auto first = line.find_first_not_of(" \t\r");
  return first == std::string::npos || line[first] == '#';
}

struct CsvReader {
  const std::string& path;
  const Scenario& scenario;
  IncidentResult& result;
  std::vector<std::string> columns;  // by position; at_s for a time_s column, empty for a bad one
  bool time_s = false;

  void header(const std::string& line, std::size_t number);
  void row(const std::string& line, std::size_t number);
};

// A bad column is reported and its cells ignored; the rows are still read, so that one run of
// zksim reports every problem of the file.
void CsvReader::header(const std::string& line, std::size_t number) {
  const std::string where = path + ":" + std::to_string(number);
  for (const std::string& name : split_csv(line)) {
    const std::string column = name == "time_s" ? "at_s" : name;
    std::string problem;
    if (std::find(columns.begin(), columns.end(), column) != columns.end())
      problem = "column \"" + name + "\" is named twice (or with at_s, its other name): which cell was meant is unclear";
    else if (!some_kind_takes(column))
      problem = "unknown column \"" + name + "\" (the header names the columns: time_s, kind, then the keys the "
                "events of a scenario take, such as server, app_server, wipe, duration_s, groups, factor, percent, "
                "rate_per_s, strategy)";
    if (!problem.empty()) result.errors.push_back(where + ": " + problem);
    time_s = time_s || name == "time_s";
    columns.push_back(problem.empty() ? column : "");
  }
}

void CsvReader::row(const std::string& line, std::size_t number) {
  const std::string where = path + ":" + std::to_string(number);
  const std::vector<std::string> cells = split_csv(line);
  if (cells.size() > columns.size()) {
    result.errors.push_back(where + ": " + std::to_string(cells.size()) + " cells, but the header names " +
                            std::to_string(columns.size()) + " columns");
    return;
  }
  nlohmann::ordered_json ordered = nlohmann::ordered_json::object();  // in column order, for the header
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (!cells[i].empty() && !columns[i].empty()) ordered[columns[i]] = cell_value(cells[i]);
  // CSV cells are raw bytes: invalid UTF-8 is replaced (U+FFFD) rather than thrown by dump().
  const std::string text = ordered.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const nlohmann::json object = nlohmann::json::parse(text);
  std::vector<InputError> errors;
  Event event;
  read_event(JsonReader(object, "$", errors), scenario, event);
  if (is_membership(event.kind)) errors.push_back({"$.kind", "membership changes are not incident events", "put them in the scenario's events"});
  if (errors.empty() && !result.events.empty() && event.at_s < result.events.back().at_s)
    errors.push_back({"$.at_s", "events must be in time order", "this event comes before the previous row's"});
  for (const InputError& e : errors) result.errors.push_back(csv_error(where, e, time_s));
  result.events.push_back(event);
  result.events_json.push_back(nlohmann::ordered_json::parse(text));
}

void read_csv(std::istream& in, const std::string& path, const Scenario& scenario, IncidentResult& result) {
  CsvReader reader{path, scenario, result};
  std::string line;
  bool have_header = false;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (skipped(line)) continue;
    if (have_header) {
      reader.row(line, number);
    } else {
      reader.header(line, number);
      have_header = true;
    }
  }
  if (!have_header) result.errors.push_back(path + ": no header line (e.g. time_s,kind,server)");
}

void read_json(const std::string& text, const std::string& path, const Scenario& scenario, IncidentResult& result) {
  std::vector<InputError> errors;
  const std::optional<nlohmann::json> parsed = parse_document(text, errors);
  const nlohmann::json doc = parsed ? *parsed : nlohmann::json(nlohmann::json::value_t::discarded);
  const JsonReader root(doc, "$", errors);
  const auto visit = [&](const JsonReader& e) {
    Event event;
    const std::size_t errors_before = errors.size();
    read_event(e, scenario, event);
    if (is_membership(event.kind)) e.error_at("kind", "membership changes are not incident events", "put them in the scenario's events");
    if (errors.size() == errors_before && !result.events.empty() && event.at_s < result.events.back().at_s)
      e.error_at("at_s", "events must be in time order", "this event comes before the previous one");
    result.events.push_back(event);
    result.events_json.push_back(nlohmann::ordered_json::parse(e.value().dump()));
  };
  if (doc.is_discarded()) {
    // parse_document said why
  } else if (doc.is_array()) {
    for (std::size_t i = 0; i < doc.size(); ++i) visit(root.at(i));
  } else if (root.expect_object({"description", "events"})) {
    root.for_each("events", visit);
  }
  for (const InputError& e : errors)
    result.errors.push_back(path + ": " + e.path + ": " + e.message + (e.hint.empty() ? "" : " (" + e.hint + ")"));
}

}  // namespace

IncidentResult load_incident(const std::string& path, const Scenario& scenario) {
  if (const std::optional<std::string> text = read_input_file(path)) return parse_incident(*text, path, scenario);
  IncidentResult result;
  result.errors.push_back(path + ": cannot read the incident file");
  return result;
}

IncidentResult parse_incident(const std::string& content, const std::string& path, const Scenario& scenario) {
  IncidentResult result;
  const auto first = content.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (content[first] == '{' || content[first] == '[')) {
    read_json(content, path, scenario, result);
  } else {
    std::istringstream lines(content);
    read_csv(lines, path, scenario, result);
  }
  return result;
}

void merge_events(Scenario& scenario, const std::vector<Event>& events) {
  scenario.events.insert(scenario.events.end(), events.begin(), events.end());
  std::stable_sort(scenario.events.begin(), scenario.events.end(),
                   [](const Event& a, const Event& b) { return a.at_s < b.at_s; });
}

}  // namespace sim::trace
