// Incident timelines (sim/trace/incident.hpp) take every event kind and key a scenario's events
// take, in CSV and JSON, and load into the very events the scenario would hold; a file with a bad
// header and a bad row reports both (exit code 2).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/load_scenario.hpp"
#include "sim/trace/incident.hpp"
#include "tests/sim/zksim_process.hpp"

namespace {

using Json = nlohmann::ordered_json;

// Every incident kind, with every key it takes at least once (app servers need services).
const char* const kEvents = R"([
  {"at_s": 1, "kind": "crash", "server": 1},
  {"at_s": 2, "kind": "restart", "server": 1, "wipe": true},
  {"at_s": 3, "kind": "power_off", "server": "leader", "when": "txn_logged", "delay_ms": 0.5, "within_s": 2},
  {"at_s": 4, "kind": "restart", "server": "follower", "count": 2},
  {"at_s": 5, "kind": "freeze", "server": 2, "duration_s": 0.5},
  {"at_s": 6, "kind": "partition", "groups": [[1], [2, 3]], "clients_group": 1, "one_way": true},
  {"at_s": 7, "kind": "heal"},
  {"at_s": 8, "kind": "partition", "isolate": "leader", "joined_by": 1, "clients_group": -1},
  {"at_s": 9, "kind": "heal"},
  {"at_s": 10, "kind": "clog", "server": 3, "extra_latency_ms": 5, "bandwidth_factor": 0.5},
  {"at_s": 11, "kind": "packet_loss", "server": 3, "percent": 2},
  {"at_s": 12, "kind": "slow_disk", "server": 3, "factor": 4},
  {"at_s": 13, "kind": "slow_cpu", "app_server": 1, "factor": 3},
  {"at_s": 14, "kind": "crash", "app_server": 2},
  {"at_s": 15, "kind": "restart", "app_server": 2},
  {"at_s": 16, "kind": "rate", "rate_per_s": 500, "read_ratio": 0.9},
  {"at_s": 17, "kind": "strategy", "strategy": "random", "of": "clients"},
  {"at_s": 18, "kind": "strategy", "strategy": {"name": "consistent_hash", "virtual_nodes": 50}}
])";

std::string scenario_text(const std::string& events) {
  return R"({"name": "incident", "duration_s": 30, "ensemble": {"servers": 3},
    "services": {"name": "api", "servers": {"count": 2, "service_time_ms": 2, "session_timeout_ms": 4000, "start_s": 1},
                 "clients": {"count": 4, "hosts": 1, "rate_per_s": 100, "request_timeout_ms": 1000, "start_s": 3,
                             "strategy": "round_robin"}},
    "events": )" + events + "}";
}

sim::Scenario load(const std::string& events) {
  const sim::LoadResult loaded = sim::parse_scenario(scenario_text(events), "incident.json", ".");
  REQUIRE_MESSAGE(loaded.scenario, sim::format_errors(loaded));
  return *loaded.scenario;
}

// A CSV cell holds a string as it is, and any other value as JSON (quoted: it may hold commas).
std::string cell(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  std::string text = value.dump(), quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return value.is_structured() ? quoted + "\"" : text;
}

// The events as an incident CSV: one column per key any of them has, one row each.
std::string as_csv(const Json& events) {
  std::vector<std::string> columns;
  for (const Json& e : events)
    for (const auto& [key, unused] : e.items())
      if (std::find(columns.begin(), columns.end(), key) == columns.end()) columns.push_back(key);
  std::string csv;
  for (const std::string& c : columns) csv += (c == columns.front() ? "" : ",") + (c == "at_s" ? "time_s" : c);
  for (const Json& e : events) {
    csv += "\n";
    for (const std::string& c : columns) csv += (c == columns.front() ? "" : ",") + (e.contains(c) ? cell(e[c]) : "");
  }
  return csv + "\n";
}

void check_same(const sim::Event& a, const sim::Event& b) {
  CAPTURE(a.at_s);
  CHECK(a.at_s == b.at_s);
  CHECK(a.kind == b.kind);
  CHECK(a.server == b.server);
  CHECK(a.wipe == b.wipe);
  CHECK(a.duration_s == b.duration_s);
  CHECK(a.groups == b.groups);
  CHECK(a.clients_group == b.clients_group);
  CHECK(a.one_way == b.one_way);
  CHECK(a.extra_latency_ms == b.extra_latency_ms);
  CHECK(a.factor == b.factor);
  CHECK(a.rate_per_s == b.rate_per_s);
  CHECK(a.read_ratio == b.read_ratio);
  CHECK(a.loss_percent == b.loss_percent);
  CHECK(a.strategy.name == b.strategy.name);
  CHECK(a.app_clients == b.app_clients);
  CHECK(a.role == b.role);
  CHECK(a.count == b.count);
  CHECK(a.isolate == b.isolate);
  CHECK(a.joined_by == b.joined_by);
  CHECK(a.when.kind == b.when.kind);
  CHECK(a.delay_ms == b.delay_ms);
  CHECK(a.within_s == b.within_s);
}

void check_loads_as_scenario(const std::string& content, const std::string& name) {
  const sim::Scenario expected = load(kEvents);
  const sim::trace::IncidentResult incident = sim::trace::parse_incident(content, name, load("[]"));
  std::string errors;
  for (const std::string& e : incident.errors) errors += e + "\n";
  REQUIRE_MESSAGE(incident.errors.empty(), errors);
  REQUIRE(incident.events.size() == expected.events.size());
  for (std::size_t i = 0; i < expected.events.size(); ++i) check_same(incident.events[i], expected.events[i]);
}

}  // namespace

TEST_CASE("incident: CSV and JSON files with every event kind and key load into the scenario's own events") {
  const std::string csv = as_csv(Json::parse(kEvents));
  CHECK(csv.rfind("time_s,kind,server,wipe,when,delay_ms,within_s,count,duration_s,groups,", 0) == 0);
  check_loads_as_scenario(csv, "incident.csv");
  check_loads_as_scenario(std::string(R"({"events": )") + kEvents + "}", "incident.json");
  check_loads_as_scenario(kEvents, "incident.json");
}

TEST_CASE("incident: a bad header and a bad row are both reported, with exit code 2") {
  const auto dir = tests::temp_dir("incident-header");
  tests::write_file(dir + "/s.json", R"({"name": "s", "duration_s": 4, "warmup_s": 1})");
  tests::write_file(dir + "/i.csv", "time_s,kind,server,colour,percent\n1,crash,9,red,\n2,packet_loss,1,,80\n");
  const auto r = tests::run_zksim({"run", dir + "/s.json", "--incident", dir + "/i.csv", "--out", dir + "/out", "-q"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("i.csv:1: unknown column \"colour\"") != std::string::npos);
  CHECK(r.err.find("i.csv:2: column server: value 9 is out of range") != std::string::npos);
  CHECK(r.err.find("i.csv:3: column percent: value 80 is out of range") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 3);
}
