#pragma once
// The second runtime: an in-memory, deterministic cluster driver with no SimGrid, in the spirit of
// etcd-io/raft's test network. It runs the very same models:: nodes as sim/, with a fixed message
// latency, FIFO links, an fsync delay with group commit, and the faults tests need: cut, isolate,
// heal, drop, crash (peers see the reset), power-off (peers see nothing) and restart from the
// durable state alone.
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <vector>

#include "analysis/recorder.hpp"
#include "models/core/node.hpp"

namespace harness {

using models::NodeId;
using models::Time;

using NodeFactory = std::function<std::unique_ptr<models::Node>(NodeId, const models::PersistentState&)>;

class Cluster {
 public:
  struct Options {
    Time latency_ns = models::ms(1);
    Time fsync_ns = models::ms(2);
    bool check_invariants = true;
  };
  explicit Cluster(NodeFactory factory) : Cluster(std::move(factory), Options{}) {}
  Cluster(NodeFactory factory, Options options);

  // Creates a node with empty durable state and starts it now.
  void add(NodeId id);
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

  // Feeds an input from outside (a client operation given directly, for example).
  void inject(NodeId to, NodeId from, models::Message message);
  // Calls into a live node from outside (Client::submit, for example) and applies the effects it
  // returns as if the node had handled an input now.
  void act(NodeId id, const std::function<models::Effects(models::Node&, Time now)>& call);

  bool step();                          // handles the next event; false when there is none
  void advance_to(Time deadline_ns);    // handles every event up to the deadline
  void advance_by(Time duration_ns) { advance_to(now_ + duration_ns); }
  // Delivers until no message or fsync is in flight (timers alone do not count); false if the
  // step bound was hit first.
  bool run_until_quiet(std::size_t max_steps = 1'000'000);

  const std::vector<analysis::MemoryRecorder::Entry>& observations() const { return recorder_.entries; }
  void add_recorder(analysis::Recorder* recorder) { fan_out_.add(recorder); }
  std::size_t messages_delivered() const { return messages_delivered_; }

 private:
  enum class Kind { message, timer, fsync };
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
    std::uint64_t batch = 0;        // fsync: the batch number
    bool operator>(const Event& o) const { return time_ns != o.time_ns ? time_ns > o.time_ns : seq > o.seq; }
  };
  struct Slot {  // one node id: the live node (if any) and its runtime state
    std::unique_ptr<models::Node> node;
    std::uint64_t incarnation = 0;
    std::map<models::TimerId, Time> timers;
    std::vector<models::StorageOp> writing;   // the fsync in flight
    std::vector<models::Send> writing_sends;  // held until it completes
    std::vector<models::StorageOp> waiting;   // the next group commit
    std::vector<models::Send> waiting_sends;
    bool fsync_in_flight = false;
    std::uint64_t batches = 0;
  };

  void schedule(Event event);
  void apply(NodeId id, models::Effects effects);
  void send(NodeId from, models::Send send);
  void start_fsync(NodeId id);
  void handle(Event& event);
  void handle_fsync(Event& event);
  bool link_up(NodeId from, NodeId to) const;
  void kill(NodeId id, bool tell_peers);

  NodeFactory factory_;
  Options options_;
  Time now_ = 0;
  std::uint64_t next_seq_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  std::map<NodeId, Slot> slots_;
  std::map<NodeId, models::PersistentState> durable_;
  std::set<std::pair<NodeId, NodeId>> cut_;           // (from, to) pairs that lose messages
  std::map<std::pair<NodeId, NodeId>, Time> last_arrival_;  // per link, for FIFO order
  std::size_t in_flight_ = 0;                          // messages and fsyncs not yet handled
  std::size_t messages_delivered_ = 0;
  analysis::MemoryRecorder recorder_;
  analysis::FanOut fan_out_;
};

}  // namespace harness
