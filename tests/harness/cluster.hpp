#pragma once
// The second runtime: an in-memory, deterministic cluster driver with no SimGrid, in the spirit of
// etcd-io/raft's test network. It runs the very same models:: nodes as sim/, through the same
// executor of the contract (models::NodeDriver: timers, group commit, held sends, persist numbers,
// invariant checks), and adds only its own: an event queue with a fixed message latency and fsync
// time, FIFO links, and the faults tests need: cut, isolate, heal, drop, crash (peers see the
// reset), power-off (peers see nothing until they write to the restarted node and get a reset,
// models::ConnectionBook), freeze (a long GC pause: its sockets stay open, so what reaches it waits
// in the kernel until it resumes) and restart from the durable state alone.
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <vector>

#include "analysis/recorder.hpp"
#include "models/core/connection_book.hpp"
#include "models/core/node.hpp"
#include "models/core/node_driver.hpp"

namespace harness {

using models::NodeId;
using models::Time;

// Sees every input a node handles and every effect it returns (golden transcripts print them).
class Tap {
 public:
  virtual ~Tap() = default;
  virtual void input(Time now, NodeId node, const models::Input& input) = 0;
  virtual void effects(Time now, NodeId node, const models::Effects& effects) = 0;
};

using NodeFactory = std::function<std::unique_ptr<models::Node>(NodeId, const models::PersistentState&)>;

class Cluster {
 public:
  struct Options {
    Time latency_ns = models::ms(1);
    Time fsync_ns = models::ms(2);
    // A disk task (a database load, a snapshot) takes this plus its bytes at disk_bytes_per_ms.
    Time disk_task_ns = models::ms(1);
    double disk_bytes_per_ms = 100'000;
    // Each link carries this many bytes per ms (0: no limit): a message then also takes its size
    // at this rate, behind the messages sent before it on the same link.
    double link_bytes_per_ms = 0;
    bool check_invariants = true;
  };
  explicit Cluster(NodeFactory factory) : Cluster(std::move(factory), Options{}) {}
  Cluster(NodeFactory factory, Options options);

  // Creates a node with empty durable state (or the given one) and starts it now.
  void add(NodeId id);
  void add(NodeId id, models::PersistentState durable);
  models::Node& node(NodeId id);
  template <typename T>
  T& node_as(NodeId id) { return dynamic_cast<T&>(node(id)); }
  bool alive(NodeId id) const;
  const models::PersistentState& durable(NodeId id) const { return durable_.at(id); }
  Time now() const { return now_; }

  // Network faults: messages between cut pairs are dropped, in flight or sent later, until heal.
  void cut(NodeId a, NodeId b);
  void cut_one_way(NodeId from, NodeId to);
  void isolate(NodeId a);
  void heal();
  // Drops every message now in flight that matches.
  std::size_t drop(const std::function<bool(NodeId from, NodeId to, const models::Message&)>& match);

  // Process faults. A crash resets its connections (peers are told); a power-off does not.
  void crash(NodeId id);
  void power_off(NodeId id);
  void restart(NodeId id);
  // A stopped node's disk is emptied (a restart then starts from nothing: a wiped disk).
  void wipe(NodeId id);
  // A paused process (SIGSTOP, a long GC pause): its connections stay open and new ones are
  // accepted by its kernel, so peers see no reset; messages, timers, fsyncs and disk tasks due to
  // it wait until it resumes, duration_ns later, and are then handed over in the order they became
  // due.
  void freeze(NodeId id, Time duration_ns);
  bool frozen(NodeId id) const { return frozen_.count(id) != 0; }

  // Sends a message as if node `from` had sent it now (from need not be a node of the cluster).
  void inject(NodeId to, NodeId from, models::Message message);
  // Gives a live node a control input now (a submitted operation, a rate, a reconfig command).
  void control(NodeId id, models::Control control);

  bool step();                          // handles the next event; false when there is none
  void advance_to(Time deadline_ns);    // handles every event up to the deadline
  void advance_by(Time duration_ns) { advance_to(now_ + duration_ns); }
  // Delivers until no message or fsync is in flight (timers alone do not count); false if the
  // step bound was hit first.
  bool run_until_quiet(std::size_t max_steps = 1'000'000);

  const std::vector<analysis::MemoryRecorder::Entry>& observations() const { return recorder_.entries; }
  void add_recorder(analysis::Recorder* recorder) { fan_out_.add(recorder); }
  void set_tap(Tap* tap) { tap_ = tap; }
  std::size_t messages_delivered() const { return messages_delivered_; }

 private:
  enum class Kind { message, timer, fsync, disk_task, resume };
  struct Event {
    Time time_ns;
    std::uint64_t seq;
    Kind kind;
    NodeId node;                    // receiver / timer owner / syncing node
    std::uint64_t incarnation;      // of node when the event was made
    NodeId from = models::kNoNode;  // message sender
    std::uint64_t from_incarnation = 0;
    models::Message message{};
    models::TimerId timer = 0;
    models::DiskTask::Lane lane = models::DiskTask::Lane::foreground;  // disk_task
    Time deadline_ns = 0;  // timer: the deadline it was armed with (it fires late after a freeze)
    bool opens_election_connection = false;  // its receiver sees the connection established first
    bool operator>(const Event& o) const { return time_ns != o.time_ns ? time_ns > o.time_ns : seq > o.seq; }
  };
  // What the executor of one node asks of the cluster: one port per node id, so that it never moves.
  class Port final : public models::DriverPort {
   public:
    explicit Port(Cluster& cluster) : cluster_(cluster) {}
    void on_input(Time now, NodeId node, const models::Input& input) override;
    void on_start(Time now, NodeId node, const models::PersistentState& durable) override;
    void on_effects(Time now, NodeId node, const models::Effects& effects) override;
    void send(NodeId from, models::Send send) override { cluster_.send(from, std::move(send)); }
    void arm_timer(NodeId node, models::TimerId timer, Time deadline_ns) override;
    void start_fsync(NodeId node, std::uint64_t bytes) override;
    void start_disk_task(NodeId node, const models::DiskTask& task) override;

   private:
    Cluster& cluster_;
  };
  struct Slot {  // one node id: the live node (if any), run by its executor
    std::unique_ptr<Port> port;
    std::unique_ptr<models::NodeDriver> driver;
    std::uint64_t incarnation = 0;
  };

  void schedule(Event event);
  void send(NodeId from, models::Send send);
  void handle(Event& event);
  bool link_up(NodeId from, NodeId to) const;
  void kill(NodeId id, bool tell_peers);
  void resume(NodeId id);
  void forget_frozen(NodeId id);

  NodeFactory factory_;
  Options options_;
  Time now_ = 0;
  std::uint64_t next_seq_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  std::map<NodeId, Slot> slots_;
  std::map<NodeId, models::PersistentState> durable_;
  std::map<NodeId, std::vector<Event>> frozen_;  // per frozen node, what became due meanwhile
  std::set<std::pair<NodeId, NodeId>> cut_;           // (from, to) pairs that lose messages
  std::map<std::pair<NodeId, NodeId>, Time> last_arrival_;  // per link, for FIFO order
  models::ConnectionBook connections_;
  std::size_t in_flight_ = 0;                          // messages and fsyncs not yet handled
  std::size_t messages_delivered_ = 0;
  analysis::MemoryRecorder recorder_;
  analysis::FanOut fan_out_;
  Tap* tap_ = nullptr;
};

}  // namespace harness
