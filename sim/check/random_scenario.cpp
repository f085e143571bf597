#include "sim/check/random_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>

#include "models/core/rng.hpp"

namespace sim::check {

namespace {

using Json = nlohmann::ordered_json;

constexpr double kFaultsFromS = 3;        // the ensemble has elected and clients are connected
constexpr double kQuietPeriodS = 30;      // enough for elections, syncs and client reconnects
constexpr double kLivenessWindowS = 5;
constexpr std::int64_t kMaxFaults = 12;
constexpr int kMaxMembershipChanges = 2;  // each may take the operator several seconds of retries
constexpr double kMembershipChance = 0.15;
const char* const kFaultKinds[] = {"crash", "power_off", "restart", "freeze", "partition",
                                   "heal", "clog", "slow_disk", "slow_cpu"};

// Millisecond resolution keeps the generated files readable; the loader takes any double.
double round_ms(double seconds) { return std::round(seconds * 1000) / 1000; }

double uniform(models::Rng& rng, double lo, double hi) { return lo + (hi - lo) * rng.uniform01(); }

template <typename T>
const T& pick(models::Rng& rng, const std::vector<T>& items) {
  return items[rng.uniform_u64(items.size())];
}

Json random_base(models::Rng& rng, std::uint64_t seed, int servers, int observers) {
  const std::int64_t clients = rng.uniform_int(5, 60);
  Json s;
  s["name"] = "check-" + std::to_string(seed);
  s["description"] = "zksim check: random scenario of seed " + std::to_string(seed);
  s["seed"] = seed;
  s["warmup_s"] = 1;
  s["ensemble"] = {{"servers", servers}, {"observers", observers},
                   {"tick_ms", pick<int>(rng, {500, 1000, 2000})}, {"init_limit", 10}, {"sync_limit", 5}};
  s["clients"] = {{"count", clients}, {"hosts", rng.uniform_int(1, 4)},
                  {"session_timeout_ms", pick<int>(rng, {6000, 10000, 30000})}};
  // At least 50 requests/s with at least 10% writes: the final seconds always see several writes.
  s["workload"] = {{"loop", "open"}, {"rate_per_s", round_ms(uniform(rng, 50, 800))},
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

Json random_fault(models::Rng& rng, int members) {
  const std::string kind = kFaultKinds[rng.uniform_u64(std::size(kFaultKinds))];
  if (kind == "partition") return random_partition(rng, members);
  if (kind == "heal") return Json{{"kind", kind}};
  Json e{{"kind", kind}, {"server", rng.uniform_int(1, members)}};
  // A restart never wipes the disk: a server that lost what it acknowledged is outside ZAB's fault
  // model, and ZooKeeper then loses acknowledged writes (the wiped server and a stale one make a
  // quorum that elects a leader without them; seed 205 did, and the checker said so). The wipe's
  // draw stays, so that every seed keeps the schedule it had.
  if (kind == "restart") static_cast<void>(rng.bernoulli(0.1));
  if (kind == "freeze") e["duration_s"] = round_ms(uniform(rng, 0.2, 8));
  if (kind == "clog") {
    e["extra_latency_ms"] = round_ms(uniform(rng, 1, 200));
    e["bandwidth_factor"] = round_ms(uniform(rng, 0.01, 1));
    if (e["bandwidth_factor"].get<double>() <= 0) e["bandwidth_factor"] = 0.01;
  }
  if (kind == "slow_disk" || kind == "slow_cpu") e["factor"] = round_ms(uniform(rng, 2, 50));
  return e;
}

// What the generator knows of the planned membership, so that every change it draws is one the
// loader accepts (which server a "leader" or "follower" removal takes is only known at run time).
struct PlannedMembership {
  int voters = 0;
  std::vector<int> observers;  // ids of the initial observers not promoted yet
  int changes = 0;
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
  return Json{{"kind", "add_servers"}, {"count", 1}, {"role", observer ? "observer" : "participant"}};
}

// Undo every fault, then restart every server: afterwards the ensemble must work again.
std::vector<Json> quiet_events(double at_s, int members) {
  std::vector<Json> events{{{"at_s", at_s}, {"kind", "heal"}}};
  for (int id = 1; id <= members; ++id) {
    events.push_back({{"at_s", at_s}, {"kind", "clog"}, {"server", id}, {"extra_latency_ms", 0}, {"bandwidth_factor", 1}});
    events.push_back({{"at_s", at_s}, {"kind", "slow_disk"}, {"server", id}, {"factor", 1}});
    events.push_back({{"at_s", at_s}, {"kind", "slow_cpu"}, {"server", id}, {"factor", 1}});
    events.push_back({{"at_s", at_s}, {"kind", "restart"}, {"server", id}});
  }
  return events;
}

}  // namespace

RandomScenario random_scenario(std::uint64_t seed) {
  models::Rng rng = models::Rng::for_stream(seed, 0x636865636bULL);  // "check"
  RandomScenario out;
  const int servers = pick<int>(rng, {3, 5, 7});
  const int observers = static_cast<int>(rng.uniform_int(0, 2));
  out.members = servers + observers;
  out.base = random_base(rng, seed, servers, observers);
  const double faults_until_s = round_ms(uniform(rng, 10, 40));
  std::vector<double> times;
  for (std::int64_t i = rng.uniform_int(1, kMaxFaults); i > 0; --i)
    times.push_back(round_ms(uniform(rng, kFaultsFromS, faults_until_s)));
  std::sort(times.begin(), times.end());
  PlannedMembership planned{servers, {}, 0};
  for (int id = servers + 1; id <= out.members; ++id) planned.observers.push_back(id);
  for (double at_s : times) {
    Json e{{"at_s", at_s}};
    const bool reconfig = planned.changes < kMaxMembershipChanges && rng.bernoulli(kMembershipChance);
    e.update(reconfig ? random_membership_change(rng, planned) : random_fault(rng, out.members));
    out.faults.push_back(e);
  }
  out.quiet_at_s = faults_until_s;
  out.duration_s = faults_until_s + kQuietPeriodS;
  out.liveness_window_s = kLivenessWindowS;
  out.base["duration_s"] = out.duration_s;
  return out;
}

Json scenario_json(const RandomScenario& scenario, const std::vector<Json>& faults) {
  Json s = scenario.base;
  Json events = Json::array();
  for (const Json& e : faults) events.push_back(e);
  for (Json& e : quiet_events(scenario.quiet_at_s, scenario.members)) events.push_back(std::move(e));
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
