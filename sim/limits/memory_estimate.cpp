#include "sim/limits/memory_estimate.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

#include "sim/limits/available_memory.hpp"

namespace sim::limits {

namespace {

// Measured as the maximum RSS (/usr/bin/time -v) of Release runs of zksim, differences between
// runs that change one thing (listed in the README, "Memory limits"), rounded up by about 10%.
constexpr double kProcessBytes = 40e6;           // 3 servers, no clients, 2 s: 35.6 MB
constexpr double kServerBytes = 0.9e6;           // 3 -> 31 servers: +22.1 MB, 0.79 MB each
constexpr double kClientBytes = 3.4e3;           // 10k clients: +30.8 MB; 100k: +311 MB (3.1 KB each)
// Every pair of hosts has its own route (sim/runtime/platform.cpp), so hosts cost a part per host
// and a part per pair: 400 client hosts +23.2 MB, 1000 +119 MB, solved as 17 KB + 101 B per pair.
constexpr double kHostBytes = 19e3;
constexpr double kRouteBytes = 112;
// 10,000 writes/s for 10 s -> 30 s: +95.7 MB for 200k writes, 478 B each with 3 members.
constexpr double kTxnBytesPerMember = 150;       // a write in one member's log and durable store
constexpr double kTxnBytesChecker = 60;          // a write in the safety checker's history
// What each member holds of its log at most: the log since its newest snapshot (snapCount at
// most), its committed log (500), and what a DIFF from disk may still send; the safety checker
// holds its window (SafetyCheckerOptions), the rest folded into a few bytes per 4,096 writes.
constexpr double kCommittedLog = 500;
constexpr double kCheckerWindow = 65536 + 4096;
// Initial data: one Znode per initial znode, made once and shared by every tree: 4M znodes +219 MB.
constexpr double kInitialZnodeBytes = 60;
constexpr double kKeyBytesPerMember = 48;        // a written key per member: 300k keys, not 1000, +38 MB
constexpr double kZipfBytesPerKey = 8;           // the Zipf table: one double per key
constexpr double kIntervalBytes = 8.6e3;         // one time-series interval: 30 s at 1 ms, +236 MB (7.9 KB)
constexpr double kEventBytes = sizeof(Event);    // one event of the failure process
constexpr double kWriteCpuS = 20e-6;             // the least time one write can take (closed loop)

double client_seconds(const Scenario& s) { return std::max(0.0, s.duration_s - s.clients.start_s); }

double min_latency_s(const Scenario& s) {
  double us = s.network.latency_us;
  for (const Datacenter& dc : s.network.datacenters) us = std::min(us, dc.latency_us);
  return models::us_to_seconds(us);
}

// The peak rate of writes the scenario offers: open loop, its largest rate; closed loop, every
// client's requests in flight turning over at the fastest a write can go.
double write_rate_per_s(const Scenario& s) {
  const models::WorkloadSpec& w = s.workload;
  const double write_share = 1 - w.read_ratio;
  if (w.loop == models::LoopKind::closed) {
    const double write_s = 4 * min_latency_s(s) + models::ms_to_seconds(s.ensemble.host.fsync_ms) + kWriteCpuS;
    return s.clients.count * static_cast<double>(w.outstanding) * write_share / write_s;
  }
  double rate = w.rate_per_s;
  for (const Event& e : s.events)
    if (e.kind == EventKind::rate) rate = std::max(rate, e.rate_per_s);
  return rate * write_share;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

// The bytes of the tree: the initial data and the keys the workload writes.
double tree_bytes(const Scenario& s) {
  const double overhead = static_cast<double>(models::DataTree::kZnodeOverheadBytes);
  const double initial = s.initial_data.enabled
                             ? static_cast<double>(s.initial_data.znodes) * (s.initial_data.sizes.mean() + overhead)
                             : 0;
  return initial + static_cast<double>(s.workload.keys) * (s.workload.value_bytes + overhead);
}

// The writes a member holds in memory (and in its durable copy) at most.
double held_writes(const Scenario& s, double writes) {
  const auto& snapshots = s.ensemble.snapshots;
  const double diff_from_disk =
      snapshots.snapshot_size_factor < 0
          ? 0
          : snapshots.snapshot_size_factor * tree_bytes(s) / (models::kTxnHeaderBytes + s.workload.value_bytes);
  return std::min(writes, static_cast<double>(snapshots.snap_count) + kCommittedLog + diff_from_disk);
}

void add_history(const Scenario& s, MemoryEstimate& e) {
  const double rate = write_rate_per_s(s);
  const double writes = rate * client_seconds(s);
  const double members = s.server_count();
  const double held = held_writes(s, writes);
  const double checked = std::min(writes, kCheckerWindow);
  const char* path = s.workload.loop == models::LoopKind::closed ? "$.workload.outstanding" : "$.workload.rate_per_s";
  e.parts.push_back({path, "the logs held: " + number(held) + " of the " + number(writes) + " writes (" + number(rate) +
                               " writes/s x " + number(client_seconds(s)) + " s, $.duration_s; at most snap_count + " +
                               "the committed log + a DIFF from disk's worth) x " + number(kTxnBytesPerMember) + " B x " +
                               number(members) + " members, and the checker's window",
                     held * kTxnBytesPerMember * members + checked * kTxnBytesChecker});
  if (s.initial_data.enabled)
    e.parts.push_back({"$.initial_data", "the initial data: " + number(static_cast<double>(s.initial_data.znodes)) + " znodes",
                       static_cast<double>(s.initial_data.znodes) * kInitialZnodeBytes});
  const double keys = std::min(static_cast<double>(s.workload.keys), writes);
  e.parts.push_back({"$.workload.keys", "the data trees: " + number(keys) + " keys written x " + number(members) + " members",
                     keys * kKeyBytesPerMember * members});
  if (s.workload.zipf_s > 0)
    e.parts.push_back({"$.workload.keys", "the Zipf table: " + number(static_cast<double>(s.workload.keys)) + " keys",
                       static_cast<double>(s.workload.keys) * kZipfBytesPerKey});
}

void add_failures(const Scenario& s, MemoryEstimate& e) {
  if (!s.failures.enabled) return;
  const double servers = s.failures.servers.empty() ? s.ensemble.members() : s.failures.servers.size();
  e.failure_events = servers * (2 * s.duration_s / (s.failures.mtbf_s + s.failures.mttr_s) + 1);
  e.parts.push_back({"$.failures.mtbf_s", "the failure process: " + number(e.failure_events) + " events",
                     e.failure_events * kEventBytes});
}

}  // namespace

double MemoryEstimate::total_bytes() const {
  double total = 0;
  for (const MemoryPart& p : parts) total += p.bytes;
  return total;
}

const MemoryPart& MemoryEstimate::dominant() const {
  assert(!parts.empty());
  return *std::max_element(parts.begin(), parts.end(),
                           [](const MemoryPart& a, const MemoryPart& b) { return a.bytes < b.bytes; });
}

MemoryEstimate estimate_memory(const Scenario& s) {
  MemoryEstimate e;
  e.parts.push_back({"$", "the process", kProcessBytes});
  e.parts.push_back({"$.ensemble.servers", number(s.server_count()) + " servers", s.server_count() * kServerBytes});
  e.parts.push_back({"$.clients.count", number(s.clients.count) + " clients", s.clients.count * kClientBytes});
  // App servers and app clients are ZooKeeper clients too (not measured on their own: priced as
  // clients), and their hosts share the routes.
  const double app_nodes = s.services.enabled ? s.services.servers.count + s.services.clients.count : 0;
  if (s.services.enabled)
    e.parts.push_back({"$.services", number(app_nodes) + " app servers and app clients", app_nodes * kClientBytes});
  const double app_hosts =
      s.services.enabled ? s.services.servers.count + s.services.clients.used_hosts() : 0;
  const double hosts = s.server_count() + s.clients.used_hosts() + app_hosts;
  e.parts.push_back({"$.clients.hosts", number(hosts) + " hosts and their " + number(hosts * hosts) + " routes",
                     hosts * kHostBytes + hosts * hosts * kRouteBytes});
  add_history(s, e);
  const double intervals = std::ceil(s.duration_s / s.interval_s);
  e.parts.push_back({"$.interval_s", "the time series: " + number(intervals) + " intervals", intervals * kIntervalBytes});
  add_failures(s, e);
  return e;
}

std::string refusal(const MemoryEstimate& estimate, double available_bytes, const std::string& source) {
  const double total = estimate.total_bytes();
  if (total <= available_bytes) return "";
  const MemoryPart& cause = estimate.dominant();
  return source + ": " + cause.path + ": the run would need about " + number(total / 1e9) +
         " GB of memory, more than the " + number(available_bytes / 1e9) + " GB available (mostly " + cause.what +
         "; make it smaller, or run anyway with --force)";
}

std::string refusal_here(const Scenario& scenario, const std::string& source) {
  const std::optional<double> available_bytes = available_memory_bytes();
  return available_bytes ? refusal(estimate_memory(scenario), *available_bytes, source) : "";
}

}  // namespace sim::limits
