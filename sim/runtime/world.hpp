#pragma once
// Everything one simulated run shares across its SimGrid actors: where each node lives, its
// incarnation and its durable store (which outlives the node's process), the connections between
// nodes, the network partitions, the CPU cost table and where observations go. SimGrid runs
// actors one at a time, so plain shared state needs no locking.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <simgrid/s4u.hpp>

#include "analysis/recorder.hpp"
#include "analysis/scenario_event_sink.hpp"
#include "models/core/connection_book.hpp"
#include "models/core/node.hpp"
#include "sim/runtime/connections.hpp"
#include "sim/runtime/ordered_recorder.hpp"
#include "sim/runtime/resource_meter.hpp"
#include "sim/runtime/wire.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim::trace {
class TraceWriter;
}

namespace sim {

using NodeFactory = std::function<std::unique_ptr<models::Node>(models::NodeId, const models::PersistentState&)>;

struct NodeRecord {
  models::NodeId id = models::kNoNode;
  std::size_t host = 0;
  std::uint64_t incarnation = 0;  // bumped when the process stops: its connections are reset
  bool alive = false;
  bool powered_off = false;         // stopped silently: its host answers nothing
  bool exiting = false;             // crashed, its exit not yet over: its sockets are still open
  bool restart_pending = false;     // a restart waits for that exit to end
  models::PersistentState durable;  // only what an fsync completed
};

// The data device of a host. The runtime times its fsyncs itself (fixed flush latency plus bytes
// at the write bandwidth, one fsync at a time) rather than through SimGrid's Disk: nothing else
// shares the device, and SimGrid 3.32's Io activities slowed our runs down more than linearly.
// A database load reads at the read bandwidth.
struct LogDisk {
  models::Time fsync_ns = 0;
  double write_bytes_per_s = 1;
  double read_bytes_per_s = 1;
  models::Time write_ns(double bytes) const { return models::from_seconds(bytes / write_bytes_per_s); }
  models::Time read_ns(double bytes) const { return models::from_seconds(bytes / read_bytes_per_s); }
};

// What a disk task costs on a host: lead_ns of its own (its fixed cost, the CPU to serialize or
// deserialize its bytes, a write's flush latency), then device_ns of the data device's time
// (its bytes at the read or write rate), which it shares with whatever else transfers.
struct DiskTaskCost {
  models::Time lead_ns = 0;
  models::Time device_ns = 0;
};

struct HostRecord {
  std::string name;
  simgrid::s4u::Host* host = nullptr;
  simgrid::s4u::SplitDuplexLink* nic = nullptr;
  double nic_bytes_per_s = 0;        // as built; clogs scale it
  std::size_t datacenter = 0;        // index into the scenario's datacenters (SIZE_MAX: the controller)
  models::Time clog_delay_ns = 0;    // clog: extra latency of every message in or out
  double loss_probability = 0;       // packet_loss: chance that a packet in or out is lost
  LogDisk disk;
  double disk_slowdown = 1;          // slow_disk: fsyncs take this many times longer
  double cpu_slowdown = 1;           // slow_cpu: inputs cost this many times more CPU
  double cpu_busy_s = 0;             // CPU time spent after the warm-up (for utilization)
  simgrid::s4u::Mailbox* mailbox = nullptr;
  simgrid::s4u::ActorPtr actor;
  std::vector<models::NodeId> nodes;
  bool isolated = false;          // its datacenter is powered off: nothing reaches it or leaves it
  bool charges_cpu = false;       // servers pay CPU time per input; client hosts do not
  bool starts_later = false;      // a server a membership change starts (not at the run's start)
};

struct RunCounters {
  std::uint64_t inputs = 0;        // inputs handled by state machines
  std::uint64_t comms = 0;         // SimGrid comms started (wakes included)
  std::uint64_t messages = 0;      // protocol messages sent (several may share a comm)
  std::uint64_t execs = 0;         // CPU charges on servers (timed by the host actor, not SimGrid execs)
  std::uint64_t clock_waits = 0;   // times a server's actor, ahead of SimGrid's clock, waited for it
  std::uint64_t fsyncs = 0;        // log fsyncs (each a group commit)
  std::uint64_t packets = 0;       // one-segment batches, timed by the wire (not in comms)
  std::uint64_t wakes = 0;         // empty comms that woke a host for a packet (in comms)
  // Comms and bytes per (from host, to host), at [from * host count + to], wakes apart: the
  // pattern that tests/bench/raw_simgrid.cpp replays to measure SimGrid's own cost of this run's
  // traffic.
  std::vector<std::uint64_t> comms_by_pair, bytes_by_pair, wakes_by_pair;
};

class World {
 public:
  World(const Scenario& scenario, NodeFactory factory);

  const Scenario& scenario() const { return scenario_; }
  OrderedRecorder& recorder() { return recorder_; }
  // Where every input and effect is recorded; null (the usual case) records nothing.
  trace::TraceWriter* trace_writer() const { return trace_writer_; }
  void set_trace_writer(trace::TraceWriter* writer) { trace_writer_ = writer; }
  // Who hears of each scenario event as it acts (the Chrome trace): many leave no observation.
  void add_event_sink(analysis::ScenarioEventSink* sink) { event_sinks_.push_back(sink); }
  void announce(const analysis::ScenarioEventMark& mark) {
    for (analysis::ScenarioEventSink* sink : event_sinks_) sink->scenario_event(now_ns(), mark);
  }
  RunCounters& counters() { return counters_; }
  // How busy each resource was (measures nothing until a run attaches it to a ResourceUsage).
  ResourceMeter& meter() { return meter_; }
  Connections& connections() { return connections_; }
  // One-segment batches between hosts (see wire.hpp); only under CM02, whose flows they match
  // when alone (LV08's corrections are for flows, and every batch stays one).
  Wire& wire() { return wire_; }
  bool uses_wire() const { return uses_wire_; }
  // The route from one host to another for the wire: its hops, each with its link's bandwidth
  // now (a clog changes it), and their latency in all.
  struct WireRoute {
    std::vector<simgrid::s4u::Link*> links;
    std::vector<Wire::Hop> hops;
    models::Time latency_ns = 0;
  };
  const WireRoute& wire_route(std::size_t from_host, std::size_t to_host);
  models::ConnectionBook& connection_book() { return connection_book_; }
  NodeRecord& node(models::NodeId id);
  const NodeRecord& node(models::NodeId id) const;
  HostRecord& host(std::size_t index) { return hosts_.at(index); }
  const HostRecord& host(std::size_t index) const { return hosts_.at(index); }
  std::size_t host_count() const { return hosts_.size(); }
  // The node of that id, or null when the run has none.
  NodeRecord* find_node(models::NodeId id) { return record_of(id); }
  std::unique_ptr<models::Node> make_node(models::NodeId id) { return factory_(id, node(id).durable); }
  // What a disk task costs on a host: the CPU to (de)serialize its bytes (the profile's cost per
  // byte at the host's speed) and its fixed cost, then the device's time to read or write them.
  DiskTaskCost disk_task_cost(const HostRecord& host, const models::DiskTask& task) const;

  // Platform building (sim/platform.cpp) registers hosts and nodes here before the run starts.
  std::size_t add_host(HostRecord host);
  void place(models::NodeId id, std::size_t host);
  void set_controller(simgrid::s4u::Host* host) { controller_ = host; }
  simgrid::s4u::Host* controller() const { return controller_; }

  // Starts (or restarts) the actor of a host, which starts every node placed there.
  void start_host(std::size_t host);
  // Process faults, invoked from the scenario's event actor (FoundationDB's vocabulary).
  // A crash: the process stops at once; when its exit ends (the profile's process_exit_ms) the
  // kernel closes its sockets, and its peers see their connections reset.
  void crash(models::NodeId id);
  // A power-off: the host goes dark; peers are told nothing, only their timeouts decide.
  void power_off(models::NodeId id);
  // The operator shuts down a server a membership change removed: it ends as a crash does, and is
  // observed as a removal, not a fault.
  void shut_down_removed(models::NodeId id);
  // Whether a restart keeps the durable store (a reboot) or starts from an empty disk.
  enum class Wipe { no, yes };
  // A new process from the durable state (crashing the running one first, if any, and starting
  // once its exit is over).
  void restart(models::NodeId id, Wipe wipe);
  // A long pause (GC): the process keeps its state, handles nothing for the duration, then
  // resumes with whatever piled up.
  void freeze(models::NodeId id, double duration_s);
  // What an operator asks (a reconfig) reaches a running node from outside the ensemble.
  void control(models::NodeId id, models::Control control);

  // Network partitions between hosts; messages across a blocked pair are lost.
  void block(std::size_t from_host, std::size_t to_host) { blocked_.insert({from_host, to_host}); }
  void partition(const Event& event);
  // Every partition undone: observed as a NetworkPartitioned with no groups.
  void heal();
  void clog(models::NodeId id, double extra_latency_ms, double bandwidth_factor);
  // The workload's offered rate for the whole run changes (split evenly over the clients).
  void set_rate(double rate_per_s, double read_ratio);  // < 0: unchanged
  // A strategy event: every client (or app client) switches its balancing strategy.
  void set_strategy(const Event& event);
  bool blocked(std::size_t from_host, std::size_t to_host) const {
    return hosts_[from_host].isolated || hosts_[to_host].isolated || blocked_.count({from_host, to_host}) != 0;
  }
  // A datacenter event (sim/scenario/load_datacenter.hpp). Powered off or crashed: its servers and
  // app servers stop (silently, or as crashes), its client hosts pause for the outage's duration
  // with nothing reaching them, and a server's own restart waits for the datacenter to come back.
  // Partitioned: every host of it is cut from every host outside, as one partition.
  void datacenter_down(const Event& event);
  // Powered back: the servers it stopped restart, its client hosts resume. Partitioned: healed.
  void datacenter_up(const Event& event);

  // Counts one comm started from a host to another (control messages come from the controller).
  void count_comm(std::size_t from_host, std::size_t to_host, std::uint64_t bytes);
  // Counts one wake (an empty comm that wakes a host for a packet, sim/runtime/wire.hpp).
  void count_wake(std::size_t from_host, std::size_t to_host);
  std::size_t controller_index() const { return hosts_.size(); }

  // CPU cost (flops) of a message on a server, from the profile.
  double cpu_flops(const models::Message& message) const;

  static models::Time now_ns();

  // Until when nothing outside the host actors changes the world: no scenario event (a crash, a
  // partition, a slow disk...) and not the end of the run. A server may handle its inputs ahead of
  // SimGrid's clock up to then. The event actor moves it as it plays the scenario; a run that
  // changes membership keeps it at zero (its operator acts at times nobody can know in advance).
  models::Time quiet_until_ns() const { return quiet_until_ns_; }
  void set_quiet_until(double at_s);
  void forbid_lookahead() {
    lookahead_allowed_ = false;
    quiet_until_ns_ = 0;
  }

  // A safety checker found a violation: every actor stops after its current step.
  void request_stop() { stop_requested_ = true; }
  bool stop_requested() const { return stop_requested_; }

 private:
  // How a process ends: whether its peers see the end (crash) or nothing (power-off).
  enum class ProcessEnd { crash, power_off, removed };
  void end_process(models::NodeId id, ProcessEnd end);
  void notify_peer_lost(models::NodeId id);
  // The exit of a crashed process ends: its sockets close, and a pending restart starts it anew.
  void finish_exit(models::NodeId id);
  void send_control(std::size_t host, Envelope* envelope);
  std::size_t pair_index(std::size_t from_host, std::size_t to_host);
  std::vector<std::size_t> hosts_of_group(const Event& event, std::size_t group) const;
  NodeRecord* record_of(models::NodeId id) const;
  // The datacenter of the node's host, when an outage has it down (else null).
  std::set<models::NodeId>* stopped_by_outage(models::NodeId id);
  void partition_datacenter(std::size_t datacenter);
  // A host of clients or app clients (they charge no CPU time; servers and app servers do).
  bool carries_clients(std::size_t host) const { return !hosts_[host].charges_cpu && !hosts_[host].nodes.empty(); }

  Scenario scenario_;
  double offered_rate_per_s_ = 0;  // the whole run's, as the last rate event left it
  double read_ratio_ = 0;
  NodeFactory factory_;
  OrderedRecorder recorder_;
  trace::TraceWriter* trace_writer_ = nullptr;
  std::vector<analysis::ScenarioEventSink*> event_sinks_;
  RunCounters counters_;
  ResourceMeter meter_;
  Connections connections_;
  models::ConnectionBook connection_book_;
  Wire wire_;
  bool uses_wire_ = false;
  // The route of each host pair that sent a packet, at [from * host count + to], found once;
  // each link's index in the wire's queues.
  std::vector<WireRoute> routes_;
  std::unordered_map<const simgrid::s4u::Link*, std::size_t> link_index_;
  // Node ids are dense within each kind (servers from 1, clients from kFirstClientId, application
  // servers, application clients): a record, looked up several times per message, is found by
  // indexing its kind's table (a hashed map's lookups were 2% of a long run).
  std::array<std::vector<std::unique_ptr<NodeRecord>>, 4> nodes_by_kind_;
  std::vector<HostRecord> hosts_;
  std::set<std::pair<std::size_t, std::size_t>> blocked_;
  // Per datacenter that an outage has powered off or crashed: the processes it stopped, to be
  // restarted when it comes back.
  std::map<std::size_t, std::set<models::NodeId>> down_datacenters_;
  std::size_t partitioned_datacenter_ = SIZE_MAX;  // the datacenter the current partition cuts off, if any
  simgrid::s4u::Host* controller_ = nullptr;
  bool stop_requested_ = false;
  bool lookahead_allowed_ = true;
  models::Time quiet_until_ns_ = 0;
  std::array<double, std::variant_size_v<models::Message>> flops_by_kind_{};
  double flops_per_byte_ = 0;
};

}  // namespace sim
