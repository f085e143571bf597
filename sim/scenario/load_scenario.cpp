#include "sim/scenario/load_scenario.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "sim/scenario/input_file.hpp"
#include "sim/scenario/layout_changes.hpp"
#include "sim/scenario/load_datacenter.hpp"
#include "sim/scenario/load_membership.hpp"
#include "sim/scenario/load_network.hpp"
#include "sim/scenario/load_quorum.hpp"
#include "sim/scenario/load_services.hpp"
#include "sim/scenario/load_targeting.hpp"

namespace sim {

namespace {

constexpr int kMaxServers = 99;
constexpr int kMaxClients = 1'000'000;
constexpr double kMaxDurationS = 86400.0 * 30;

}  // namespace

void read_host(const JsonReader& r, HostSpec& host) {
  if (!r.has("host")) return;
  const JsonReader h = r.at("host");
  if (!h.expect_object({"cpu_ghz", "disk_write_mbps", "disk_read_mbps", "fsync_ms", "nic_gbps"})) return;
  h.read("cpu_ghz", host.cpu_ghz, 0.01, 1000);
  h.read("disk_write_mbps", host.disk_write_mbps, 0.001, 1e6);
  h.read("disk_read_mbps", host.disk_read_mbps, 0.001, 1e6);
  h.read("fsync_ms", host.fsync_ms, 0, 10000);
  h.read("nic_gbps", host.nic_gbps, 0.001, 1e4);
}

namespace {

void read_profile_object(const JsonReader& p, CpuProfile& profile) {
  if (!p.expect_object({"name", "reference_ghz", "default_us", "message_us", "per_byte_ns", "process_exit_ms",
                        "role_shutdown_ms", "database_load_ns_per_byte", "snapshot_fixed_ms", "snapshot_ns_per_byte",
                        "server_startup_ms"}))
    return;
  p.read("name", profile.name);
  p.read("reference_ghz", profile.reference_ghz, 0.01, 1000);
  p.read("default_us", profile.default_us, 0, 1e6);
  p.read("per_byte_ns", profile.per_byte_ns, 0, 1e6);
  p.read("process_exit_ms", profile.process_exit_ms, 0, 60'000);
  p.read("role_shutdown_ms", profile.role_shutdown_ms, 0, 60'000);
  p.read("database_load_ns_per_byte", profile.database_load_ns_per_byte, 0, 1e6);
  p.read("snapshot_fixed_ms", profile.snapshot_fixed_ms, 0, 60'000);
  p.read("snapshot_ns_per_byte", profile.snapshot_ns_per_byte, 0, 1e6);
  p.read("server_startup_ms", profile.server_startup_ms, 0, 60'000);
  if (!p.has("message_us")) return;
  const JsonReader costs = p.at("message_us");
  if (!costs.value().is_object()) {
    costs.error("expected an object of message kind -> microseconds, got " + json_type_name(costs.value()));
    return;
  }
  for (const auto& [kind, unused] : costs.value().items()) {
    double us = 0;
    costs.read(kind.c_str(), us, 0, 1e6);
    profile.message_us[kind] = us;
  }
}

// A profile is given inline, or as a path (relative to the scenario's folder) to a JSON file.
void read_profile(const JsonReader& r, CpuProfile& profile, const std::string& base_dir) {
  if (!r.has("profile")) return;
  const JsonReader p = r.at("profile");
  if (!p.value().is_string()) {
    read_profile_object(p, profile);
    return;
  }
  const std::string file = (std::filesystem::path(base_dir) / p.value().get<std::string>()).string();
  const std::optional<std::string> text = read_input_file(file);
  if (!text) {
    p.error("cannot read profile file " + file, "give a path relative to the scenario's folder");
    return;
  }
  std::vector<InputError> document_errors, profile_errors;
  const std::optional<nlohmann::json> doc = parse_document(*text, document_errors);
  for (const InputError& e : document_errors) p.error("profile file " + file + ": " + e.path + ": " + e.message, e.hint);
  if (!doc) return;
  read_profile_object(JsonReader(*doc, "$", profile_errors), profile);
  for (const InputError& e : profile_errors) p.error(file + ": " + e.path + ": " + e.message, e.hint);
}

// ensemble.snapshots: ZooKeeper's names, in zoo.cfg's units (snapSizeLimitInKb, purgeInterval
// in hours).
void read_snapshots(const JsonReader& e, models::zab::SnapshotSettings& s) {
  if (!e.has("snapshots")) return;
  const JsonReader j = e.at("snapshots");
  if (!j.expect_object({"snap_count", "snap_size_limit_kb", "snapshot_size_factor", "snap_retain_count", "purge_interval_h"}))
    return;
  double count = static_cast<double>(s.snap_count);
  j.read("snap_count", count, 2, 1e12);  // SnapCount should be 2 or more (ZooKeeperServer.getSnapCount)
  s.snap_count = static_cast<std::uint64_t>(count);
  double limit_kb = static_cast<double>(s.snap_size_limit_bytes) / 1024;
  j.read("snap_size_limit_kb", limit_kb, 0, 1e12);
  s.snap_size_limit_bytes = static_cast<std::uint64_t>(limit_kb * 1024);
  j.read("snapshot_size_factor", s.snapshot_size_factor, -1, 1);
  j.read("snap_retain_count", s.snap_retain_count, 3, 1'000'000);
  double purge_h = models::to_seconds(s.purge_interval_ns) / 3600;
  j.read("purge_interval_h", purge_h, 0, 1e6);
  s.purge_interval_ns = models::from_seconds(purge_h * 3600);
}

void read_ensemble(const JsonReader& r, EnsembleSpec& ensemble) {
  if (!r.has("ensemble")) return;
  const JsonReader e = r.at("ensemble");
  if (!e.expect_object({"servers", "observers", "tick_ms", "init_limit", "sync_limit", "host", "placement", "overrides", "snapshots",
                        "groups", "weights"}))
    return;
  read_snapshots(e, ensemble.snapshots);
  e.read("servers", ensemble.servers, 1, kMaxServers);
  e.read("observers", ensemble.observers, 0, kMaxServers);
  if (ensemble.members() > kMaxServers)
    e.error_at("observers", "too many members", "servers + observers must be at most " + std::to_string(kMaxServers));
  e.read("tick_ms", ensemble.tick_ms, 1, 600000);
  e.read("init_limit", ensemble.init_limit, 1, 1000);
  e.read("sync_limit", ensemble.sync_limit, 1, 1000);
  read_host(e, ensemble.host);
  read_overrides(e, ensemble);
}

void read_clients(const JsonReader& r, ClientsSpec& clients, const EnsembleSpec& ensemble) {
  if (!r.has("clients")) return;
  const JsonReader c = r.at("clients");
  if (!c.expect_object({"count", "hosts", "session_timeout_ms", "start_s", "host", "placement", "rebalance", "strategy",
                        "library", "curator_expiry"}))
    return;
  c.read("rebalance", clients.rebalance);
  int library = static_cast<int>(clients.library);  // the order of models::ClientLibrary
  c.read_choice("library", library, {"java", "c"});
  clients.library = static_cast<models::ClientLibrary>(library);
  c.read("curator_expiry", clients.curator_expiry);
  c.read("start_s", clients.start_s, 0, kMaxDurationS);
  c.read("count", clients.count, 0, kMaxClients);
  c.read("hosts", clients.hosts, 1, 10000);
  c.read("session_timeout_ms", clients.session_timeout_ms, 1, 3.6e6);
  read_host(c, clients.host);
  read_strategy(c, "strategy", clients.strategy, server_weight_targets(ensemble));
}

void read_workload(const JsonReader& r, models::WorkloadSpec& w, double& request_timeout_ms) {
  if (!r.has("workload")) return;
  const JsonReader j = r.at("workload");
  if (!j.expect_object({"loop", "rate_per_s", "outstanding", "read_ratio", "keys", "zipf_s", "value_bytes",
                        "request_timeout_ms"}))
    return;
  j.read("request_timeout_ms", request_timeout_ms, 0, 3.6e6);
  int loop = static_cast<int>(w.loop);
  j.read_choice("loop", loop, {"open", "closed"});
  w.loop = static_cast<models::LoopKind>(loop);
  j.read("rate_per_s", w.rate_per_s, 0, 1e9);
  j.read("outstanding", w.outstanding, 1, 100000);
  j.read("read_ratio", w.read_ratio, 0, 1);
  int keys = static_cast<int>(w.keys);
  j.read("keys", keys, 1, 100'000'000);
  w.keys = static_cast<std::uint64_t>(keys);
  j.read("zipf_s", w.zipf_s, 0, 10);
  j.read("value_bytes", w.value_bytes, 0, 100'000'000);
}

// A value size: a number of bytes, or a distribution object.
void read_value_sizes(const JsonReader& r, models::ValueSizes& sizes) {
  if (!r.has("value_bytes")) return;
  const JsonReader v = r.at("value_bytes");
  if (v.value().is_number()) {
    sizes.kind = models::ValueSizes::Kind::fixed;
    r.read("value_bytes", sizes.a, 0, 1 << 20);
    return;
  }
  if (!v.expect_object({"distribution", "min", "max", "mean"})) return;
  int kind = v.has("mean") ? 2 : 1;
  v.read_choice("distribution", kind, {"fixed", "uniform", "exponential"});
  sizes.kind = static_cast<models::ValueSizes::Kind>(kind);
  if (sizes.kind == models::ValueSizes::Kind::uniform) {
    sizes.a = 0;
    sizes.b = 2048;
    v.read("min", sizes.a, 0, 1 << 20);
    v.read("max", sizes.b, 0, 1 << 20);
    if (sizes.b < sizes.a) v.error_at("max", "smaller than min", "give max >= min");
  } else {
    v.read("mean", sizes.a, 0, 1 << 20);
  }
}

constexpr double kMaxInitialZnodes = 50e6;

// initial_data: znodes or size_bytes (one of them), and value_bytes.
void read_initial_data(const JsonReader& r, InitialDataSpec& data) {
  if (!r.has("initial_data")) return;
  const JsonReader d = r.at("initial_data");
  if (!d.expect_object({"znodes", "size_bytes", "value_bytes"})) return;
  data.enabled = true;
  read_value_sizes(d, data.sizes);
  if (d.has("znodes") == d.has("size_bytes")) {
    d.error("give either znodes or size_bytes", "the number of znodes under /data, or the tree's size in bytes");
    return;
  }
  double znodes = 0;
  if (d.has("znodes")) {
    d.read("znodes", znodes, 1, kMaxInitialZnodes);
  } else {
    double bytes = 0;
    d.read("size_bytes", bytes, 1, 1e12);
    znodes = std::ceil(bytes / (data.sizes.mean() + static_cast<double>(models::DataTree::kZnodeOverheadBytes)));
    if (znodes > kMaxInitialZnodes)
      d.error_at("size_bytes", "too many znodes (" + std::to_string(static_cast<std::uint64_t>(znodes)) + ")",
                 "at most 5e7 znodes: give larger values (value_bytes) or a smaller size");
  }
  data.znodes = static_cast<std::uint64_t>(znodes);
}

void read_groups(const JsonReader& e, const Scenario& s, Event& event) {
  if (!e.has("groups")) {
    e.error("missing key \"groups\"", "an array of arrays of server ids, e.g. [[1], [2, 3]]");
    return;
  }
  std::set<models::NodeId> seen;
  e.for_each("groups", [&](const JsonReader& group) {
    std::vector<models::NodeId>& ids = event.groups.emplace_back();
    if (!group.value().is_array()) {
      group.error("expected an array of server ids, got " + json_type_name(group.value()));
      return;
    }
    for (std::size_t i = 0; i < group.value().size(); ++i) {
      const auto& v = group.value()[i];
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > s.server_count()) {
        group.at(i).error("not a server id", "servers are numbered 1 to " + std::to_string(s.server_count()));
        continue;
      }
      const auto id = static_cast<models::NodeId>(v.get<std::int64_t>());
      if (!seen.insert(id).second) group.at(i).error("server " + std::to_string(id) + " is in two groups");
      ids.push_back(id);
    }
  });
  if (event.groups.size() < 2) e.error_at("groups", "a partition needs at least two groups");
  e.read("clients_group", event.clients_group, -1, static_cast<int>(std::max<std::size_t>(event.groups.size(), 1)) - 1);
  e.read("one_way", event.one_way);
}

// A strategy switch applies to the app clients when the scenario has services (unless "of" says
// "clients"), otherwise to the ZooKeeper clients' sessions.
void read_strategy_event(const JsonReader& e, const Scenario& s, Event& event) {
  if (!e.expect_object({"at_s", "kind", "strategy", "of"})) return;
  if (!e.has("strategy")) e.error("missing key \"strategy\"", "a strategy name, or an object with \"name\" and options");
  int of = s.services.enabled ? 1 : 0;
  e.read_choice("of", of, {"clients", "app_clients"});
  if (of == 1 && !s.services.enabled) e.error_at("of", "the scenario has no services section");
  event.app_clients = of == 1;
  const WeightTargets targets =
      event.app_clients ? app_server_weight_targets(s.services.servers) : server_weight_targets(s.ensemble);
  read_strategy(e, "strategy", event.strategy, targets);
}

// Which keys each kind takes besides at_s and kind, and how to read them. Every kind that hits a
// server takes a role for it, and with the network faults it may wait for a protocol moment
// ("when", "delay_ms", "within_s"): sim/scenario/targeting.hpp.
void read_event_fields(const JsonReader& e, const Scenario& s, Event& event) {
  switch (event.kind) {
    case EventKind::crash:
    case EventKind::power_off:
      if (!e.expect_object({"at_s", "kind", "server", "app_server", "count", "when", "delay_ms", "within_s"})) return;
      read_target(e, s, event);
      read_count(e, s, event);
      return;
    case EventKind::restart:
      if (!e.expect_object({"at_s", "kind", "server", "app_server", "wipe", "count", "when", "delay_ms", "within_s"})) return;
      read_target(e, s, event);
      read_count(e, s, event);
      e.read("wipe", event.wipe);
      return;
    case EventKind::freeze:
      if (!e.expect_object({"at_s", "kind", "server", "app_server", "duration_s", "count", "when", "delay_ms", "within_s"}))
        return;
      read_target(e, s, event);
      read_count(e, s, event);
      if (!e.has("duration_s")) e.error("missing key \"duration_s\"", "how long the process stays paused");
      e.read("duration_s", event.duration_s, 0.000001, kMaxDurationS);
      return;
    case EventKind::partition:
      if (!e.expect_object({"at_s", "kind", "groups", "clients_group", "one_way", "isolate", "joined_by", "when", "delay_ms",
                            "within_s"}))
        return;
      if (e.has("isolate")) read_isolate(e, s, event);
      else read_groups(e, s, event);
      return;
    case EventKind::heal:
      e.expect_object({"at_s", "kind", "when", "delay_ms", "within_s"});
      return;
    case EventKind::clog:
      if (!e.expect_object({"at_s", "kind", "server", "extra_latency_ms", "bandwidth_factor", "when", "delay_ms", "within_s"}))
        return;
      read_target(e, s, event);
      e.read("extra_latency_ms", event.extra_latency_ms, 0, 1e6);
      e.read("bandwidth_factor", event.factor, 1e-6, 1);
      return;
    case EventKind::slow_disk:
    case EventKind::slow_cpu:
      if (!e.expect_object({"at_s", "kind", "server", "app_server", "factor", "when", "delay_ms", "within_s"})) return;
      read_target(e, s, event);
      if (!e.has("factor")) e.error("missing key \"factor\"", "how many times slower (1 restores the original speed)");
      e.read("factor", event.factor, 1, 1e6);
      return;
    case EventKind::packet_loss:
      if (!e.expect_object({"at_s", "kind", "server", "percent", "when", "delay_ms", "within_s"})) return;
      read_target(e, s, event);
      if (!e.has("percent")) e.error("missing key \"percent\"", "the share of the server's packets lost, 0 to 50");
      e.read("percent", event.loss_percent, 0, 50);
      return;
    case EventKind::rate:
      if (!e.expect_object({"at_s", "kind", "rate_per_s", "read_ratio"})) return;
      if (!e.has("rate_per_s") && !e.has("read_ratio"))
        e.error("missing key \"rate_per_s\" or \"read_ratio\"", "the new offered load of the whole run, the new share of reads, or both");
      e.read("rate_per_s", event.rate_per_s, 0, 1e9);
      e.read("read_ratio", event.read_ratio, 0, 1);
      return;
    case EventKind::strategy:
      read_strategy_event(e, s, event);
      return;
    case EventKind::add_servers:
    case EventKind::remove_servers:
    case EventKind::grow:
    case EventKind::rolling_replace:
    case EventKind::promote_observer:
      read_membership_fields(e, s, event);
      return;
    case EventKind::datacenter:
    case EventKind::datacenter_heal:
      read_datacenter_event(e, s, event);
      return;
    case EventKind::add_group:
    case EventKind::remove_group:
    case EventKind::set_weights:
    case EventKind::set_quorum:
      read_layout_change_fields(e, s, event);
      return;
  }
}

}  // namespace

void read_event(const JsonReader& e, const Scenario& s, Event& event) {
  if (!e.is_object()) {
    e.error("expected an object, got " + json_type_name(e.value()));
    return;
  }
  if (!e.has("at_s")) e.error("missing key \"at_s\"", "the event's time in seconds from the start");
  e.read("at_s", event.at_s, 0, kMaxDurationS);
  if (event.at_s > s.duration_s) {
    char what[160];
    std::snprintf(what, sizeof what, "the event at %g s comes after the end of the run (duration_s %g)", event.at_s, s.duration_s);
    e.error_at("at_s", what, "make duration_s longer, or remove the event");
  }
  if (!e.has("kind")) {
    e.error("missing key \"kind\"", "one of: crash, power_off, restart, freeze, partition, heal, clog, slow_disk, slow_cpu, rate, packet_loss, "
                                    "add_servers, remove_servers, grow, rolling_replace, promote_observer, strategy, datacenter, "
                                    "datacenter_heal, add_group, remove_group, set_weights, set_quorum");
    return;
  }
  int kind = -1;
  e.read_choice("kind", kind, {"crash", "power_off", "restart", "freeze", "partition", "heal", "clog", "slow_disk",
                               "slow_cpu", "rate", "packet_loss", "add_servers", "remove_servers", "grow",
                               "rolling_replace", "promote_observer", "strategy", "datacenter", "datacenter_heal",
                               "add_group", "remove_group", "set_weights", "set_quorum"});
  if (kind < 0) return;
  event.kind = static_cast<EventKind>(kind);
  read_event_fields(e, s, event);
  if (can_wait_for_moment(event.kind)) read_when(e, s, event);
}

namespace {

void read_events(const JsonReader& r, Scenario& s) {
  r.for_each("events", [&](const JsonReader& e) {
    Event event;
    read_event(e, s, event);
    if (is_membership(event.kind)) plan_membership(e, s, event);
    if (event.at_s > s.duration_s) return;  // said above; its order is beside the point
    if (!s.events.empty() && event.at_s < s.events.back().at_s)
      e.error_at("at_s", "events must be in time order", "this event comes before the previous one");
    s.events.push_back(event);
  });
}

void read_failures(const JsonReader& r, Scenario& s) {
  if (!r.has("failures")) return;
  const JsonReader f = r.at("failures");
  if (!f.expect_object({"mtbf_s", "mttr_s", "kind", "servers", "datacenter_mtbf_s", "datacenter_mttr_s"})) return;
  s.failures.enabled = true;
  f.read("mtbf_s", s.failures.mtbf_s, 0.001, 1e12);
  f.read("mttr_s", s.failures.mttr_s, 0.001, 1e12);
  int kind = 0;
  f.read_choice("kind", kind, {"crash", "power_off"});
  s.failures.power_off = kind == 1;
  f.for_each("servers", [&](const JsonReader& id) {
    if (!id.value().is_number_integer() || id.value().get<std::int64_t>() < 1 ||
        id.value().get<std::int64_t>() > s.ensemble.members()) {
      id.error("not a server id", "servers are numbered 1 to " + std::to_string(s.ensemble.members()));
      return;
    }
    s.failures.servers.push_back(static_cast<models::NodeId>(id.value().get<std::int64_t>()));
  });
  read_failure_datacenters(f, s);
}

void read_scenario(const JsonReader& r, Scenario& s, const std::string& base_dir) {
  if (!r.expect_object({"name", "description", "seed", "duration_s", "warmup_s", "interval_s", "network",
                        "profile", "ensemble", "clients", "workload", "events", "failures", "services",
                        "initial_data"}))
    return;
  r.read("name", s.name);
  if (r.has("name") && r.at("name").value().is_string()) check_output_name(r, "name", s.name, kScenarioNameBytesMax);
  r.read("description", s.description);
  r.read("seed", s.seed);
  r.read("duration_s", s.duration_s, 0.001, kMaxDurationS);
  r.read("warmup_s", s.warmup_s, 0, kMaxDurationS);
  r.read("interval_s", s.interval_s, 0.001, kMaxDurationS);
  if (s.warmup_s >= s.duration_s) r.error_at("warmup_s", "warm-up must end before the run does", "make warmup_s smaller than duration_s");
  read_network(r, s, base_dir);
  read_profile(r, s.profile, base_dir);
  read_ensemble(r, s.ensemble);
  read_clients(r, s.clients, s.ensemble);
  read_workload(r, s.workload, s.request_timeout_ms);
  read_services(r, s);
  read_events(r, s);
  if (r.has("events")) check_datacenter_outages(r, s);
  read_failures(r, s);
  read_initial_data(r, s.initial_data);
  check_placement(r, s);
  if (r.has("ensemble") && r.at("ensemble").value().is_object()) read_ensemble_quorums(r.at("ensemble"), s);
  if (r.error_count() == 0) plan_layout_changes(r, s);
  add_implied_heals(s);  // last: the checks above follow the file's events one to one
}

}  // namespace

LoadResult parse_scenario(const std::string& text, const std::string& source, const std::string& base_dir) {
  LoadResult result;
  result.source = source;
  result.text = text;
  const std::optional<nlohmann::json> parsed = parse_document(text, result.errors);
  if (!parsed) return result;
  const nlohmann::json& doc = *parsed;
  Scenario scenario;
  read_scenario(JsonReader(doc, "$", result.errors), scenario, base_dir);
  if (result.errors.empty()) result.scenario = std::move(scenario);
  return result;
}

LoadResult load_scenario_file(const std::string& path) {
  std::string problem;
  const std::optional<std::string> text = read_input_file(path, &problem);
  if (text) return parse_scenario(*text, path, std::filesystem::path(path).parent_path().string());
  LoadResult result;
  result.source = path;
  result.errors.push_back({"$", "cannot read the file: " + problem, "check the path"});
  return result;
}

std::string format_errors(const LoadResult& result) { return format_input_errors(result.source, result.errors); }

const char* event_kind_name(EventKind kind) { return kEventKindNames[static_cast<int>(kind)]; }

bool can_wait_for_moment(EventKind kind) {
  switch (kind) {
    case EventKind::crash:
    case EventKind::power_off:
    case EventKind::restart:
    case EventKind::freeze:
    case EventKind::partition:
    case EventKind::heal:
    case EventKind::clog:
    case EventKind::slow_disk:
    case EventKind::slow_cpu:
    case EventKind::packet_loss:
    case EventKind::add_servers:
    case EventKind::remove_servers:
    case EventKind::promote_observer:
      return true;
    case EventKind::rate:
    case EventKind::strategy:
    case EventKind::grow:
    case EventKind::rolling_replace:
    case EventKind::datacenter:
    case EventKind::datacenter_heal:
    case EventKind::add_group:
    case EventKind::remove_group:
    case EventKind::set_weights:
    case EventKind::set_quorum:
      return false;
  }
  return false;
}

bool is_fault(EventKind kind) {
  return kind == EventKind::crash || kind == EventKind::power_off || kind == EventKind::restart || kind == EventKind::freeze ||
         kind == EventKind::partition;
}

}  // namespace sim
