#pragma once
// A scenario as validated from its JSON file: the platform, the ensemble, the clients, the
// workload and the timed events of one run. Every field has the default the documentation gives.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/client/client_library.hpp"
#include "models/client/workload.hpp"
#include "models/core/ids.hpp"
#include "models/datatree/data_tree.hpp"
#include "models/zab/zab_config.hpp"
#include "sim/scenario/host_spec.hpp"
#include "sim/scenario/services.hpp"
#include "sim/scenario/strategy_spec.hpp"
#include "sim/scenario/membership_spec.hpp"
#include "sim/scenario/targeting.hpp"

namespace sim {

// A datacenter: its hosts reach each other with this one-way latency.
struct Datacenter {
  std::string name = "dc1";
  double latency_us = 100;
};

// Datacenters are joined pairwise by wide-area links, each shared by all the traffic between
// its two datacenters (one direction does not slow the other).
struct WanSpec {
  double latency_ms = 20;         // one-way, added to both datacenters' own latency
  double bandwidth_gbps = 10;
};

struct NetworkSpec {
  std::string model = "CM02";     // SimGrid network model; printed in every report
  double latency_us = 100;        // one-way latency between two hosts of the one datacenter
  std::vector<Datacenter> datacenters;  // empty: one datacenter with latency_us
  WanSpec wan;
  std::string platform_file;      // a SimGrid platform XML instead of the generated platform
};

// CPU cost of handling each kind of input on a server, at the profile's reference clock speed.
struct CpuProfile {
  std::string name = "default";
  double reference_ghz = 2.1;
  double default_us = 5;                      // any message kind not listed
  std::map<std::string, double> message_us;   // by message kind name (models::message_name)
  double per_byte_ns = 0.5;                   // serialization cost per byte received
  // The process and database costs a failover pays, measured against a real ZooKeeper 3.8 on
  // loopback (tests/validation/README.md, "Fitted constants"). A killed process's peers see its
  // sockets reset when its exit ends; a role that ends stops its threads, then reads its log back;
  // a snapshot opens and flushes a file. Per byte: the CPU to (de)serialize, at reference_ghz, on
  // top of the device's read or write time.
  double process_exit_ms = 20;
  double role_shutdown_ms = 26;        // a role's threads stopping before the database work
  double database_load_ns_per_byte = 1;
  double snapshot_fixed_ms = 28;       // creating, flushing and closing the snapshot file
  double snapshot_ns_per_byte = 1.3;
  double server_startup_ms = 19;       // a new leader's zk.startup() before it serves (UPTODATE waits)
};

// One server's own settings where they differ from the ensemble's: ZooKeeper reads initLimit,
// syncLimit from each server's zoo.cfg, and each host has its own disk.
struct ServerOverride {
  models::NodeId server = models::kNoNode;
  int init_limit = 0;    // 0: the ensemble's
  int sync_limit = 0;    // 0: the ensemble's
  double fsync_ms = -1;  // < 0: the ensemble host's
  double cpu_ghz = -1;   // < 0: the ensemble host's (a faster or older machine in the ensemble)
};

struct EnsembleSpec {
  int servers = 3;                // voting participants, ids 1..servers
  int observers = 0;              // non-voting members, ids servers+1..servers+observers
  int members() const { return servers + observers; }
  double tick_ms = 2000;
  int init_limit = 10;
  int sync_limit = 5;
  HostSpec host;
  std::vector<std::string> placement;  // datacenter of each server in id order (default: round robin)
  std::vector<ServerOverride> overrides;  // at most one per server
  const ServerOverride* override_of(models::NodeId id) const {
    for (const ServerOverride& o : overrides)
      if (o.server == id) return &o;
    return nullptr;
  }
  // The host of server id: the ensemble's, with the server's own fsync time and CPU speed if it has them.
  HostSpec host_of(models::NodeId id) const {
    HostSpec spec = host;
    const ServerOverride* o = override_of(id);
    if (o && o->fsync_ms >= 0) spec.fsync_ms = o->fsync_ms;
    if (o && o->cpu_ghz > 0) spec.cpu_ghz = o->cpu_ghz;
    return spec;
  }
  models::zab::SnapshotSettings snapshots;  // ensemble.snapshots: snapCount, autopurge...
  // Hierarchical quorums (ZooKeeper's group.N / weight.N): groups of voter ids, group ids 1..G in
  // this order; empty: a majority of the voters. "per_datacenter" is resolved into one group per
  // datacenter holding voters when the scenario is loaded.
  std::vector<std::vector<models::NodeId>> groups;
  std::map<models::NodeId, std::uint64_t> weights;  // voter -> weight (default 1)
  bool hierarchical() const { return !groups.empty(); }
};

// initial_data: the ensemble starts with this data tree on every initial member's disk (a
// snapshot, loaded when the process starts), without the writes that built it: `znodes` znodes
// under /data, or as many as make `size_bytes`, their values sized as `sizes` says.
struct InitialDataSpec {
  bool enabled = false;
  std::uint64_t znodes = 0;
  models::ValueSizes sizes;
};

struct ClientsSpec {
  int count = 100;
  int hosts = 4;                  // clients are spread round robin over this many hosts
  int used_hosts() const { return std::max(1, std::min(hosts, count)); }  // no host without a client
  double session_timeout_ms = 30000;
  double start_s = 1;             // clients start then (the ensemble has elected by then)
  HostSpec host;
  std::vector<std::string> placement;  // datacenter of each client host (default: round robin)
  StrategySpec strategy{"zk_host_provider", {}};  // how each session picks its server
  bool rebalance = true;          // on a new configuration, move sessions as ZOOKEEPER-1355 says
  models::ClientLibrary library = models::ClientLibrary::java;  // whose reconnect rules the sessions follow
  bool curator_expiry = false;  // Curator's: a connection lost a whole session timeout ends the session
};

// Timed events. Process faults act on one server; network faults on groups of servers (client
// hosts keep reaching every server unless a partition names the group they belong to).
enum class EventKind { crash, power_off, restart, freeze, partition, heal, clog, slow_disk, slow_cpu, rate, packet_loss,
                       add_servers, remove_servers, grow, rolling_replace, promote_observer, strategy, datacenter,
                       datacenter_heal, add_group, remove_group, set_weights, set_quorum };
const char* event_kind_name(EventKind kind);
constexpr const char* kEventKindNames[] = {"crash", "power_off", "restart", "freeze", "partition", "heal",
                                           "clog", "slow_disk", "slow_cpu", "rate", "packet_loss",
                                           "add_servers", "remove_servers", "grow", "rolling_replace",
                                           "promote_observer", "strategy", "datacenter", "datacenter_heal",
                                           "add_group", "remove_group", "set_weights", "set_quorum"};
bool is_membership(EventKind kind);
// The kinds that may wait for a protocol moment ("when"): faults of servers and of the network,
// and the membership changes of one step (add_servers, remove_servers, promote_observer).
bool can_wait_for_moment(EventKind kind);
// The events the report's `faults` section follows (what the clients saw of each).
bool is_fault(EventKind kind);

// How a datacenter event takes its datacenter down: its power (servers stop silently), its
// servers' processes all at once (crashes: their peers see the sockets close), or its links to
// the other datacenters (every host of it, servers and clients, cut from every host outside).
enum class DatacenterOutage { power_off, crash, partition };
constexpr const char* kDatacenterOutageNames[] = {"power_off", "crash", "partition"};

struct Event {
  double at_s = 0;
  EventKind kind = EventKind::crash;
  models::NodeId server = models::kNoNode;          // crash, power_off, restart, freeze, clog, slow_*
  bool wipe = false;                                // restart: start from an empty disk
  double duration_s = 0;                            // freeze: how long the process stays paused
  std::vector<std::vector<models::NodeId>> groups;  // partition: servers in different groups are cut
  int clients_group = -1;                           // partition: the group the client hosts join (-1: none)
  bool one_way = false;                             // partition: only group i -> group j (i < j) is cut
  double extra_latency_ms = 0;                      // clog: added to the server's NIC
  double factor = 1;                                // clog: bandwidth x factor; slow_*: time x factor
  double rate_per_s = -1;                           // rate: the new offered load of the whole run (< 0: unchanged)
  double read_ratio = -1;                           // rate: the new share of reads (< 0: unchanged)
  double loss_percent = 0;                          // packet_loss: share of the server's packets lost
  StrategySpec strategy;                            // strategy: the new balancing strategy
  bool app_clients = false;                         // strategy: of the app clients (else of the sessions)
  MembershipChange membership;                      // add_servers ... promote_observer, add_group ... set_quorum
  std::size_t datacenter = 0;                       // datacenter, datacenter_heal: index in network.datacenters
  std::string datacenter_name;                      // and its name
  DatacenterOutage outage = DatacenterOutage::power_off;  // datacenter: how it goes down
  // Targeting (sim/scenario/targeting.hpp). The server named by role rather than by id (server is
  // then kNoNode); for a partition, the role of the server `isolate` cuts from the others.
  ServerRole role = ServerRole::id;
  int count = 1;                                    // crash, power_off, restart, freeze: servers hit together
  bool isolate = false;                             // partition: {the role's server + joined_by others} | {the rest}
  int joined_by = 0;
  Moment when;                                      // armed at at_s, the event acts at this moment (+ delay_ms)
  double delay_ms = 0;
  double within_s = 0;                              // the moment must come by at_s + within_s (0: by the end)
  bool targeted() const { return role != ServerRole::id || isolate || when.kind != Moment::Kind::none; }
};

// Random failures for availability studies: each listed server alternates between up times drawn
// from an exponential distribution of mean mtbf_s and down times of mean mttr_s, from the seed;
// with datacenter outages, each datacenter does the same with its own means, and a server runs
// only while it and its datacenter are both up.
struct FailureProcess {
  bool enabled = false;
  double mtbf_s = 86400;
  double mttr_s = 600;
  bool power_off = false;                  // how a failure looks to peers (default: a crash)
  std::vector<models::NodeId> servers;     // empty: every server
  double datacenter_mtbf_s = 0;            // 0: no datacenter outages
  double datacenter_mttr_s = 3600;
  bool datacenter_outages() const { return datacenter_mtbf_s > 0; }
};

struct Scenario {
  std::string name = "unnamed";
  std::string description;
  std::uint64_t seed = 1;
  double duration_s = 60;
  double warmup_s = 5;            // requests completed before this are not counted
  double interval_s = 1;          // time-series resolution
  NetworkSpec network;
  CpuProfile profile;
  EnsembleSpec ensemble;
  ClientsSpec clients;
  models::WorkloadSpec workload;  // rate_per_s is the whole run's offered rate, split over clients
  // The callers' patience (workload.request_timeout_ms, 0: none): a request not answered within it
  // counts as failed in client availability (analysis/metrics/request_deadlines.hpp).
  double request_timeout_ms = 0;
  std::vector<Event> events;
  FailureProcess failures;
  ServicesSpec services;
  InitialDataSpec initial_data;
  std::vector<AddedServer> added_servers;  // started by membership changes, ids after the initial members
  int server_count() const { return ensemble.members() + static_cast<int>(added_servers.size()); }
};

}  // namespace sim
