#include "sim/scenario/load_targeting.hpp"

#include <set>

#include "sim/scenario/load_services.hpp"

namespace sim {

namespace {

constexpr double kMaxDelayMs = 3.6e6;

bool is_process_fault(EventKind kind) {
  return kind == EventKind::crash || kind == EventKind::power_off || kind == EventKind::restart ||
         kind == EventKind::freeze;
}

// A server named by id or by role, under `key` ("server", "isolate").
void read_server_or_role(const JsonReader& e, const char* key, const Scenario& s, Event& event) {
  const JsonReader value = e.at(key);
  if (value.value().is_string()) {
    const std::optional<ServerRole> role = server_role_from(value.value().get<std::string>());
    if (!role) value.error("not a role: \"" + value.value().get<std::string>() + "\"", "a server id or one of " + server_role_names());
    else event.role = *role;
    return;
  }
  int id = 0;
  e.read(key, id, 1, s.server_count());
  event.server = static_cast<models::NodeId>(id);
}

}  // namespace

void read_target(const JsonReader& e, const Scenario& s, Event& event) {
  if (read_app_server(e, s, event.server)) return;
  if (!e.has("server")) {
    e.error("missing key \"server\"", "the id of a server, 1 to " + std::to_string(s.server_count()) + ", or one of " +
                                          server_role_names());
    return;
  }
  read_server_or_role(e, "server", s, event);
}

void read_when(const JsonReader& e, const Scenario& s, Event& event) {
  if (!e.has("when")) {
    for (const char* key : {"delay_ms", "within_s"})
      if (e.has(key)) e.error_at(key, std::string(key) + " goes with \"when\"", "name the moment the event waits for");
    return;
  }
  const JsonReader when = e.at("when");
  const std::optional<Moment> moment = when.value().is_string() ? moment_from(when.value().get<std::string>()) : std::nullopt;
  if (!moment) when.error("not a protocol moment", "one of " + moment_names());
  else event.when = *moment;
  e.read("delay_ms", event.delay_ms, 0, kMaxDelayMs);
  e.read("within_s", event.within_s, 0.000001, s.duration_s);
}

void read_count(const JsonReader& e, const Scenario& s, Event& event) {
  if (!e.has("count")) return;
  if (!is_process_fault(event.kind) || !e.has("server")) {
    e.error_at("count", "count goes with the process faults of servers", "crash, power_off, restart or freeze");
    return;
  }
  e.read("count", event.count, 1, s.server_count());
}

void read_isolate(const JsonReader& e, const Scenario& s, Event& event) {
  event.isolate = true;
  if (e.has("groups")) e.error_at("groups", "a partition gives groups or isolate, not both");
  read_server_or_role(e, "isolate", s, event);
  e.read("joined_by", event.joined_by, 0, s.server_count() - 1);
  e.read("clients_group", event.clients_group, -1, 1);
  e.read("one_way", event.one_way);
}

void read_overrides(const JsonReader& r, EnsembleSpec& ensemble) {
  std::set<models::NodeId> seen;
  r.for_each("overrides", [&](const JsonReader& o) {
    if (!o.expect_object({"server", "init_limit", "sync_limit", "fsync_ms", "cpu_ghz"})) return;
    ServerOverride over;
    int id = 0;
    if (!o.has("server")) o.error("missing key \"server\"", "the id of the server these settings are for");
    o.read("server", id, 1, ensemble.members());
    over.server = static_cast<models::NodeId>(id);
    if (id > 0 && !seen.insert(over.server).second) o.error_at("server", "server " + std::to_string(id) + " has two overrides");
    o.read("init_limit", over.init_limit, 1, 1000);
    o.read("sync_limit", over.sync_limit, 1, 1000);
    o.read("fsync_ms", over.fsync_ms, 0, 10000);
    o.read("cpu_ghz", over.cpu_ghz, 0.01, 1000);
    ensemble.overrides.push_back(over);
  });
}

}  // namespace sim
