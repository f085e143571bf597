#include "sim/check/random_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>

#include "models/client/client_library.hpp"
#include "models/core/rng.hpp"
#include "sim/check/aimed_faults.hpp"
#include "sim/check/draws.hpp"
#include "sim/check/liveness.hpp"
#include "sim/check/random_layout.hpp"

namespace sim::check {

namespace {

using Json = nlohmann::ordered_json;

constexpr double kFaultsFromS = 3;        // the ensemble has elected and clients are connected
constexpr double kLivenessWindowS = 5;
constexpr double kReconnectSlackS = 3;    // after every member synced, for clients to write again
constexpr std::int64_t kMaxRandomFaults = 8;
constexpr int kMaxMembershipChanges = 2;  // each may take the operator several seconds of retries
constexpr double kMembershipChance = 0.15;
const CpuProfile kProfile;                 // the default profile, which the swarm's scenarios use
const char* const kFaultKinds[] = {"crash", "power_off", "restart", "freeze", "partition",
                                   "heal", "clog", "slow_disk", "slow_cpu", "packet_loss"};
const char* const kRoles[] = {"leader", "follower", "clients_server", "any"};

// Each server's own timing knobs, sometimes: ZooKeeper reads them from each server's zoo.cfg. A
// long syncLimit on the highest voter (the first leader) keeps it leading through a cut.
Json random_overrides(models::Rng& rng, int servers, int members) {
  Json overrides = Json::array();
  if (!rng.bernoulli(0.4)) return overrides;
  const bool long_leader = rng.bernoulli(0.3);
  for (int id = 1; id <= members; ++id) {
    Json o{{"server", id}};
    if (long_leader && id == servers) o["sync_limit"] = rng.uniform_int(8, 20);
    else if (rng.bernoulli(0.4)) o["sync_limit"] = rng.uniform_int(2, 8);
    if (rng.bernoulli(0.3)) o["init_limit"] = rng.uniform_int(5, 15);
    if (rng.bernoulli(0.4)) o["fsync_ms"] = round_ms(uniform(rng, 0.5, 20));
    if (o.size() > 1) overrides.push_back(o);
  }
  return overrides;
}

Json random_base(models::Rng& rng, std::uint64_t seed, int servers, int observers) {
  const std::int64_t clients = rng.uniform_int(5, 40);
  Json s;
  s["name"] = "check-" + std::to_string(seed);
  s["description"] = "zksim check: random scenario of seed " + std::to_string(seed);
  s["seed"] = seed;
  s["warmup_s"] = 1;
  s["ensemble"] = {{"servers", servers}, {"observers", observers},
                   {"tick_ms", pick<int>(rng, {200, 500, 500, 1000, 2000})}, {"init_limit", pick<int>(rng, {5, 10})},
                   {"sync_limit", pick<int>(rng, {2, 5, 5})}};
  if (Json overrides = random_overrides(rng, servers, servers + observers); !overrides.empty())
    s["ensemble"]["overrides"] = std::move(overrides);
  s["clients"] = {{"count", clients}, {"hosts", rng.uniform_int(1, 4)},
                  {"session_timeout_ms", pick<int>(rng, {4000, 6000, 10000, 30000})},
                  {"library", rng.bernoulli(0.5) ? "java" : "c"}};
  // At least 50 requests/s with at least 10% writes: the final seconds always see several writes.
  s["workload"] = {{"loop", "open"}, {"rate_per_s", round_ms(uniform(rng, 50, 600))},
                   {"read_ratio", pick<double>(rng, {0.5, 0.7, 0.8, 0.9})}, {"keys", rng.uniform_int(10, 1000)},
                   {"zipf_s", pick<double>(rng, {0, 0, 0.99})}, {"value_bytes", rng.uniform_int(16, 2048)}};
  return s;
}

Json random_partition(models::Rng& rng, int members) {
  std::vector<int> ids;
  for (int id = 1; id <= members; ++id) ids.push_back(id);
  rng.shuffle(ids);
  const auto group_count = static_cast<std::size_t>(rng.uniform_int(2, std::min(3, members)));
  Json groups = Json::array();
  for (std::size_t g = 0; g < group_count; ++g) groups.push_back(Json::array());
  for (std::size_t i = 0; i < ids.size(); ++i)  // every group gets one member, the rest at random
    groups[i < group_count ? i : rng.uniform_u64(group_count)].push_back(ids[i]);
  Json e{{"kind", "partition"}, {"groups", groups}};
  if (rng.bernoulli(0.5)) e["clients_group"] = rng.uniform_int(0, static_cast<std::int64_t>(group_count) - 1);
  if (rng.bernoulli(0.3)) e["one_way"] = true;
  return e;
}

// A server by id, or (one time in three) by role: the leader, a follower, a server with clients.
Json random_server(models::Rng& rng, int members) {
  if (rng.bernoulli(1.0 / 3)) return kRoles[rng.uniform_u64(std::size(kRoles))];
  return rng.uniform_int(1, members);
}

// A restart never wipes the disk: a server that lost what it acknowledged is outside ZAB's fault
// model, and ZooKeeper then loses acknowledged writes (the wiped server and a stale one make a
// quorum that elects a leader without them; seed 205 did once, and the checker said so).
Json random_fault(models::Rng& rng, int members, double until_quiet_s) {
  const std::string kind = kFaultKinds[rng.uniform_u64(std::size(kFaultKinds))];
  if (kind == "partition") return random_partition(rng, members);
  if (kind == "heal") return Json{{"kind", kind}};
  Json e{{"kind", kind}, {"server", random_server(rng, members)}};
  if (kind == "restart" && e["server"].is_string()) e["server"] = rng.uniform_int(1, members);  // a stopped one, maybe
  if (kind == "freeze") e["duration_s"] = round_ms(std::min(uniform(rng, 0.2, 8), std::max(0.1, until_quiet_s)));
  if (kind == "clog") {
    e["extra_latency_ms"] = round_ms(uniform(rng, 1, 200));
    e["bandwidth_factor"] = std::max(0.01, round_ms(uniform(rng, 0.01, 1)));
  }
  if (kind == "slow_disk" || kind == "slow_cpu") e["factor"] = round_ms(uniform(rng, 2, 50));
  if (kind == "packet_loss") e["percent"] = std::round(uniform(rng, 1, 20));
  return e;
}

// What the generator knows of the planned membership, so that every change it draws is one the
// loader accepts (which server a "leader" or "follower" removal takes is only known at run time).
struct PlannedMembership {
  int voters = 0;
  std::vector<int> observers;  // ids of the initial observers not promoted yet
  int changes = 0;
  int added = 0;               // servers the changes start (ids after the initial members)
};

// A reconfig: add a participant or an observer, remove the leader or a follower, or promote an
// observer. A removal keeps at least three voters, so that one crash still leaves a quorum.
Json random_membership_change(models::Rng& rng, PlannedMembership& planned) {
  ++planned.changes;
  const std::uint64_t choice = rng.uniform_u64(planned.observers.empty() ? 2 : 3);
  if (choice == 1 && planned.voters > 3) {
    --planned.voters;
    return Json{{"kind", "remove_servers"}, {"which", rng.bernoulli(0.5) ? "leader" : "follower"}};
  }
  if (choice == 2) {
    const int id = planned.observers.back();
    planned.observers.pop_back();
    ++planned.voters;
    return Json{{"kind", "promote_observer"}, {"which", Json::array({id})}};
  }
  const bool observer = rng.bernoulli(0.3);
  if (!observer) ++planned.voters;
  ++planned.added;
  return Json{{"kind", "add_servers"}, {"count", 1}, {"role", observer ? "observer" : "participant"}};
}

// Undo every fault, then restart every server, those the membership changes added too (one a
// change did not start is started as a server outside the configuration): every server then
// elects from its own disk at once, and the ensemble must work again.
std::vector<Json> quiet_events(double at_s, int servers) {
  std::vector<Json> events{{{"at_s", at_s}, {"kind", "heal"}}};
  for (int id = 1; id <= servers; ++id) {
    events.push_back({{"at_s", at_s}, {"kind", "clog"}, {"server", id}, {"extra_latency_ms", 0}, {"bandwidth_factor", 1}});
    events.push_back({{"at_s", at_s}, {"kind", "slow_disk"}, {"server", id}, {"factor", 1}});
    events.push_back({{"at_s", at_s}, {"kind", "slow_cpu"}, {"server", id}, {"factor", 1}});
    events.push_back({{"at_s", at_s}, {"kind", "packet_loss"}, {"server", id}, {"percent", 0}});
    events.push_back({{"at_s", at_s}, {"kind", "restart"}, {"server", id}});
  }
  return events;
}

AimContext aim_context(const Json& base, int servers, int members, const PlannedMembership& planned) {
  AimContext c;
  const Json& e = base["ensemble"];
  c.voters = servers;
  c.members = members;
  c.tick_s = e["tick_ms"].get<double>() / 1e3;
  c.sync_limit = e["sync_limit"].get<int>();
  int followers_max = c.sync_limit, all_max = c.sync_limit, all_min = c.sync_limit;
  if (e.contains("overrides"))
    for (const Json& o : e["overrides"]) {
      if (!o.contains("sync_limit")) continue;
      all_max = std::max(all_max, o["sync_limit"].get<int>());
      all_min = std::min(all_min, o["sync_limit"].get<int>());
      if (o["server"] != servers) followers_max = std::max(followers_max, o["sync_limit"].get<int>());
    }
  c.followers_sync_s = followers_max * c.tick_s;
  c.all_sync_s = all_max * c.tick_s;
  c.min_sync_s = all_min * c.tick_s;
  // ZooKeeper's negotiation: the session timeout within 2 to 20 ticks.
  c.session_timeout_s = std::clamp(base["clients"]["session_timeout_ms"].get<double>() / 1e3, 2 * c.tick_s, 20 * c.tick_s);
  const Json& w = base["workload"];
  c.read_ratio = w["read_ratio"].get<double>();
  c.rate_per_s = w["rate_per_s"].get<double>();
  c.writes_per_s = w["rate_per_s"].get<double>() * (1 - c.read_ratio);
  c.membership_changes_left = kMaxMembershipChanges - planned.changes;
  return c;
}

// A family's ensemble.overrides, merged into the seed's (its keys win).
void merge_overrides(Json& ensemble, const Json& overrides) {
  if (overrides.empty()) return;
  if (!ensemble.contains("overrides")) ensemble["overrides"] = Json::array();
  for (const Json& o : overrides) {
    auto same = std::find_if(ensemble["overrides"].begin(), ensemble["overrides"].end(),
                             [&](const Json& e) { return e["server"] == o["server"]; });
    if (same == ensemble["overrides"].end()) ensemble["overrides"].push_back(o);
    else same->update(o);
  }
}

// A client whose connection attempt was under way at the final heal, to a server then down, gives
// up on it only after its library's connect timeout, then pauses (java: cleanup's 100 ms, the 1 s
// spin, up to 1 s of random sleep; c: s/60 at the list's end): the final window of continuous
// service starts after that too.
double client_reconnect_s(const Json& base, int members) {
  const Json& clients = base["clients"];
  const auto library = clients["library"] == "c" ? models::ClientLibrary::c : models::ClientLibrary::java;
  const models::Time session_ns = models::from_ms(clients["session_timeout_ms"].get<double>());
  const models::Time pause_ns = library == models::ClientLibrary::java
                                    ? models::kJavaCleanupPauseNs + models::sec(1) + models::ms(models::kJavaReconnectSleepMsBound)
                                    : models::c_list_end_pause_ns(session_ns);
  return models::to_seconds(models::connect_timeout_ns(library, session_ns, static_cast<std::size_t>(members)) + pause_ns);
}

// The largest initLimit of any server: the liveness bounds count with it.
int init_limit_max(const Json& ensemble) {
  int limit = ensemble["init_limit"].get<int>();
  if (ensemble.contains("overrides"))
    for (const Json& o : ensemble["overrides"])
      if (o.contains("init_limit")) limit = std::max(limit, o["init_limit"].get<int>());
  return limit;
}

// Where the faults go: the aimed families one after the other from kFaultsFromS, with the random
// faults among them, but after a first family that counts on the first leader and before a last
// one that the final heal ends.
struct Layout {
  double random_from_s = kFaultsFromS;
  double random_until_s = kFaultsFromS;
  double final_heal_s = kFaultsFromS;
};

// Adds a family's events and overrides; returns how long it lasts from at_s: at least until each
// of its armed events has lapsed (and acted), so that none can act after the next family starts.
double add_aim(const Aim& aim, double at_s, RandomScenario& out) {
  out.faults.insert(out.faults.end(), aim.events.begin(), aim.events.end());
  merge_overrides(out.base["ensemble"], aim.overrides);
  double span_s = aim.span_s;
  for (const Json& e : aim.events)
    if (e.contains("within_s"))
      span_s = std::max(span_s, e["at_s"].get<double>() + e["within_s"].get<double>() +
                                    e.value("delay_ms", 0.0) / 1e3 - at_s + 0.5);
  return span_s;
}

Layout add_aims(models::Rng& rng, RandomScenario& out, int servers, PlannedMembership& planned, double from_s) {
  out.aims = draw_aims(rng, aim_context(out.base, servers, out.members, planned));
  Layout layout{from_s, from_s, from_s};
  double at_s = from_s;
  for (const std::string& name : out.aims) {
    if (name == kLastAim) break;
    const AimContext context = aim_context(out.base, servers, out.members, planned);  // with the overrides so far
    const Aim aim = make_aim(name, rng, context, at_s, [&](models::Rng& r) { return random_membership_change(r, planned); });
    at_s = round_ms(at_s + add_aim(aim, at_s, out) + uniform(rng, 0.5, 2));
    if (name == kFirstAim) layout.random_from_s = at_s;
  }
  layout.random_until_s = round_ms(std::max(at_s, layout.random_from_s + uniform(rng, 5, 15)));
  layout.final_heal_s = layout.random_until_s;
  return layout;
}

// The last family, after the random faults (its calm restarts the servers they added too); left
// out when the servers' syncLimits, with the overrides of the families before, differ by more
// than a session timeout allows (see aimed_faults.cpp).
void add_last_aim(models::Rng& rng, RandomScenario& out, int servers, const PlannedMembership& planned, Layout& layout) {
  if (out.aims.empty() || out.aims.back() != kLastAim) return;
  AimContext context = aim_context(out.base, servers, out.members, planned);
  context.members = out.members + planned.added;
  if (!last_aim_fits(context)) {
    out.aims.pop_back();
    return;
  }
  const double last_at_s = round_ms(layout.random_until_s + uniform(rng, 0.5, 2));
  add_aim(last_aim(rng, context, last_at_s, layout.final_heal_s), last_at_s, out);
}

// Random faults (and a reconfig now and then) anywhere in the layout's window for them.
// A fault of the layout's own (on a seed whose layout spreads its members: a datacenter outage,
// a majority cut from a hierarchical quorum) may stand in for a fault; it ends before the final heal.
void add_random_faults(models::Rng& rng, RandomScenario& out, const Layout& layout, PlannedMembership& planned,
                       RandomLayout& datacenters) {
  const double until_s = layout.random_until_s;
  for (std::int64_t i = rng.uniform_int(0, kMaxRandomFaults); i > 0; --i) {
    const double at_s = round_ms(uniform(rng, layout.random_from_s, until_s));
    Json e{{"at_s", at_s}};
    const bool reconfig = planned.changes < kMaxMembershipChanges && rng.bernoulli(kMembershipChance);
    e.update(reconfig ? random_membership_change(rng, planned) : random_fault(rng, out.members, until_s - at_s));
    std::vector<Json> instead = reconfig ? std::vector<Json>{} : random_layout_faults(datacenters, at_s, until_s - at_s);
    if (instead.empty()) out.faults.push_back(e);
    out.faults.insert(out.faults.end(), instead.begin(), instead.end());
  }
}

// A hierarchical seed whose majority_apart holds the first leader is cut there first, before the
// aimed families, for longer than the rest take to elect their own leader: the cut
// majority_for_hierarchical loses writes in. Returns when the families may start.
double first_cut(RandomScenario& out, int servers, const PlannedMembership& planned, RandomLayout& datacenters) {
  if (!datacenters.apart_with_first_leader) return kFaultsFromS;
  const AimContext context = aim_context(out.base, servers, out.members, planned);
  const double duration_s = round_ms(context.all_sync_s + uniform(datacenters.rng, 2, 5));
  for (Json& e : majority_apart_cut(datacenters, kFaultsFromS, duration_s)) out.faults.push_back(std::move(e));
  return round_ms(kFaultsFromS + duration_s + 1);
}

}  // namespace

RandomScenario random_scenario(std::uint64_t seed) {
  models::Rng rng = models::Rng::for_stream(seed, 0x636865636bULL);  // "check"
  RandomScenario out;
  const int servers = pick<int>(rng, {3, 5, 7});
  const int observers = static_cast<int>(rng.uniform_int(0, 2));
  out.members = servers + observers;
  out.base = random_base(rng, seed, servers, observers);
  RandomLayout datacenters = random_layout(seed);
  add_layout(datacenters, out.base, servers, out.members);
  // ZooKeeper changes a hierarchical configuration only as a whole, which scenarios cannot ask for.
  PlannedMembership planned{servers, {}, datacenters.hierarchical ? kMaxMembershipChanges : 0};
  for (int id = servers + 1; id <= out.members; ++id) planned.observers.push_back(id);
  Layout layout = add_aims(rng, out, servers, planned, first_cut(out, servers, planned, datacenters));
  add_random_faults(rng, out, layout, planned, datacenters);
  add_last_aim(rng, out, servers, planned, layout);
  out.servers = out.members + planned.added;
  std::stable_sort(out.faults.begin(), out.faults.end(),
                   [](const Json& a, const Json& b) { return a["at_s"].get<double>() < b["at_s"].get<double>(); });
  const LivenessBounds bounds = liveness_bounds(out.base["ensemble"]["tick_ms"].get<double>(), init_limit_max(out.base["ensemble"]),
                                                kProfile.process_exit_ms, kProfile.server_startup_ms);
  out.quiet_at_s = layout.final_heal_s;
  out.liveness_window_s = kLivenessWindowS;
  const double settle_s = std::max(bounds.synced_s + kReconnectSlackS, client_reconnect_s(out.base, out.members) + 1);
  out.duration_s = round_ms(out.quiet_at_s + settle_s + kLivenessWindowS);
  out.base["duration_s"] = out.duration_s;
  return out;
}

Json scenario_json(const RandomScenario& scenario, const std::vector<Json>& faults) {
  Json s = scenario.base;
  Json events = Json::array();
  for (const Json& e : faults) events.push_back(e);
  for (Json& e : quiet_events(scenario.quiet_at_s, scenario.servers)) events.push_back(std::move(e));
  s["events"] = std::move(events);
  return s;
}

std::string describe_event(const Json& event) {
  char at[32];
  std::snprintf(at, sizeof at, "%8.3f s  ", event.at("at_s").get<double>());
  std::string line = at + event.at("kind").get<std::string>();
  for (const auto& [key, value] : event.items())
    if (key != "at_s" && key != "kind") line += " " + key + "=" + value.dump();
  return line;
}

}  // namespace sim::check
