#pragma once
// The SimGrid actor of one host: it owns the state machines placed on that host (one server, or
// many clients) and feeds them their inputs one at a time: arrived messages (after the CPU time
// the profile charges), timer expiries, fsync completions and control inputs. The contract's
// rules (group commit, held sends, timers, persist numbers, invariant checks) are the one
// executor's, models::NodeDriver; this actor adds what is SimGrid's: the clock, the CPU, the disk
// timing, batching of comms, clogs and losses. One actor per host, not per node, keeps the number
// of SimGrid activities per simulated request low.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <unordered_map>
#include <vector>

#include <simgrid/s4u.hpp>

#include "models/core/node.hpp"
#include "models/core/node_driver.hpp"
#include "models/core/rng.hpp"
#include "sim/runtime/disk_device.hpp"
#include "sim/runtime/resource_meter.hpp"
#include "sim/runtime/envelope.hpp"

namespace sim {

class World;
struct HostRecord;

class HostActor {
 public:
  HostActor(World& world, std::size_t host_index);
  void operator()();

 private:
  // What the executor of one local node asks of this actor.
  class Port final : public models::DriverPort {
   public:
    Port(HostActor& actor, std::size_t local) : actor_(actor), local_(local) {}
    void on_input(models::Time now, models::NodeId node, const models::Input& input) override;
    void on_start(models::Time now, models::NodeId node, const models::PersistentState& durable) override;
    void on_effects(models::Time now, models::NodeId node, const models::Effects& effects) override;
    void send(models::NodeId from, models::Send send) override { actor_.send(from, std::move(send)); }
    void arm_timer(models::NodeId node, models::TimerId timer, models::Time deadline_ns) override;
    void start_fsync(models::NodeId node, std::uint64_t bytes) override;
    void start_disk_task(models::NodeId node, const models::DiskTask& task) override;

   private:
    HostActor& actor_;
    std::size_t local_;
  };
  struct Local {
    std::unique_ptr<Port> port;  // the driver keeps a reference: it must not move
    std::unique_ptr<models::NodeDriver> driver;
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
  std::unique_ptr<Envelope> take_received();
  std::unique_ptr<Envelope> take_next_arrival();
  void post_packet(std::size_t to_host, std::unique_ptr<Envelope> batch, std::uint64_t bytes);
  void handle_received(std::unique_ptr<Envelope> envelope);
  void flush_sends();
  void compute(double busy_s);
  void catch_up();
  void read_clock();
  void handle_arrival(std::unique_ptr<Envelope> envelope);
  bool addressed_to_an_ended_process(const Envelope& envelope) const;
  void feed_control(const Envelope& envelope);
  void deliver(Envelope& envelope);
  void fire_due_timers();
  void finish_due_disk_jobs();
  models::Time next_wakeup_ns() const;
  void send(models::NodeId from, models::Send send);
  std::size_t local_index(models::NodeId id) const;

  World& world_;
  std::size_t host_index_;
  std::vector<Local> locals_;
  std::unordered_map<models::NodeId, std::size_t> index_of_;
  std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<TimerEntry>> timer_heap_;
  std::uint64_t timer_seq_ = 0;
  std::priority_queue<Held, std::vector<Held>, std::greater<Held>> held_;
  std::map<std::pair<models::NodeId, models::NodeId>, models::Time> last_release_ns_;  // FIFO per connection
  std::uint64_t held_order_ = 0;
  models::Rng loss_rng_;  // packet losses of the messages this host sends
  models::CheckCadence check_cadence_;
  std::vector<std::pair<models::NodeId, models::NodeId>> refused_;  // (node, crashed peer) to tell
  // The one pending receive, as Activity::wait_any_for takes it (Comm::wait_any_for would copy it
  // into such a vector at every wait).
  std::vector<simgrid::s4u::ActivityPtr> receive_;
  // Messages received while the CPU was busy, in arrival order. Taking them out of SimGrid at once
  // keeps its mailbox short: SimGrid 3.32 scans a list as long as the messages waiting there at
  // every comm that completes, which made a 100,000-client run quadratic in the server backlog.
  std::deque<std::unique_ptr<Envelope>> received_;
  // The host's data device: the fsyncs and disk tasks in flight share it (only a server's host
  // has any), each known by its job: whose it is, and an fsync or a task of which lane.
  DiskDevice disk_;
  struct DiskJob {
    std::size_t local;
    bool fsync;
    models::DiskTask::Lane lane;
    ResourceMeter::DiskJob metered;  // its times and bytes, for the world's meter
  };
  std::map<DiskDevice::JobId, DiskJob> disk_jobs_;
  // Sends of the current instant, one batch per destination host, in the order of their first
  // message; flushed as one comm each before simulated time moves on.
  struct Outgoing {
    std::size_t to_host;
    std::unique_ptr<Envelope> batch;
    std::uint64_t bytes;
  };
  std::vector<Outgoing> outgoing_;
  std::vector<std::size_t> outgoing_of_host_;  // index in outgoing_ + 1 by destination host; 0: none
  Envelope* incoming_ = nullptr;
  // Simulated time, read from SimGrid once each time the actor resumes (after a wait or a
  // sleep), not at each of the several uses per message (the reads were 1.5% of a run). On a
  // server it runs ahead of SimGrid's clock while the CPU is busy (see compute()).
  models::Time now_ns_ = 0;
  std::vector<std::unique_ptr<Envelope>> ready_;  // what Connections::arrive found deliverable
};

}  // namespace sim
