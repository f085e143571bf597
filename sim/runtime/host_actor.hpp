#pragma once
// The SimGrid actor of one host: it owns the state machines placed on that host (one server, or
// many clients) and feeds them their inputs one at a time: arrived messages (after the CPU time
// the profile charges), timer expiries and fsync completions. It then applies their Effects in
// contract order: persist (group commit on the host's disk), sends (held until the fsync they
// follow), timers, observations. One actor per host, not per node, keeps the number of SimGrid
// activities per simulated request low.
#include <cstdint>
#include <map>
#include <memory>
#include <queue>
#include <vector>

#include <simgrid/s4u.hpp>

#include "models/core/node.hpp"
#include "models/core/rng.hpp"
#include "sim/runtime/envelope.hpp"

namespace sim {

class World;
struct HostRecord;

class HostActor {
 public:
  HostActor(World& world, std::size_t host_index);
  void operator()();

 private:
  struct GroupCommit {  // one node's disk queue
    std::vector<models::StorageOp> writing, waiting;
    std::vector<models::Send> writing_sends, waiting_sends;
    models::Time done_ns = models::kNever;  // when the fsync in flight completes
    bool busy() const { return done_ns != models::kNever; }
  };
  struct Local {
    std::unique_ptr<models::Node> node;
    std::map<models::TimerId, models::Time> timers;
    GroupCommit disk;
    std::uint64_t steps = 0;  // inputs handled, for the invariant-check cadence
  };
  struct TimerEntry {
    models::Time deadline_ns;
    std::uint64_t seq;
    std::size_t local;
    models::TimerId timer;
    bool operator>(const TimerEntry& o) const {
      return deadline_ns != o.deadline_ns ? deadline_ns > o.deadline_ns : seq > o.seq;
    }
  };

  struct Held {  // a message kept back by a clogged interface
    models::Time release_ns;
    std::uint64_t order;
    std::shared_ptr<Envelope> envelope;
    bool operator>(const Held& o) const {
      return release_ns != o.release_ns ? release_ns > o.release_ns : order > o.order;
    }
  };

  void start_nodes();
  void hold_or_deliver(std::unique_ptr<Envelope> envelope);
  void release_held();
  void deliver_refusals();
  models::Time retransmission_delay_ns(const HostRecord& from, const HostRecord& to);
  void wait_and_handle();
  void compute(double flops);
  void handle_arrival(std::unique_ptr<Envelope> envelope);
  void deliver(Envelope& envelope);
  void fire_due_timers();
  void finish_due_fsyncs();
  models::Time next_wakeup_ns() const;
  void finish_fsync(std::size_t local);
  void apply(std::size_t local, models::Effects effects);
  static bool holds_send_to(const GroupCommit& disk, models::NodeId to);
  void check_invariants(Local& local);
  void set_timers(std::size_t local, const std::vector<models::TimerSet>& timers);
  void start_fsync(std::size_t local);
  void send(models::NodeId from, models::Send send);
  std::size_t local_index(models::NodeId id) const;

  World& world_;
  std::size_t host_index_;
  std::vector<Local> locals_;
  std::map<models::NodeId, std::size_t> index_of_;
  std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<TimerEntry>> timer_heap_;
  std::uint64_t timer_seq_ = 0;
  std::priority_queue<Held, std::vector<Held>, std::greater<Held>> held_;
  std::map<std::pair<models::NodeId, models::NodeId>, models::Time> last_release_ns_;  // FIFO per connection
  std::uint64_t held_order_ = 0;
  models::Rng loss_rng_;  // packet losses of the messages this host sends
  std::vector<std::pair<models::NodeId, models::NodeId>> refused_;  // (node, crashed peer) to tell
  std::vector<simgrid::s4u::CommPtr> receive_;  // the one pending receive, as wait_any_for takes it
  Envelope* incoming_ = nullptr;
};

}  // namespace sim
