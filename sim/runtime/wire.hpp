#pragma once
// One-segment batches: what a host sends another at one instant that fits in one TCP segment
// travels outside SimGrid's flow model. Its bytes take each link of the route one packet at a
// time (first come, first served, at the link's bandwidth; the first bit moves on after the link's
// latency), and it waits in the receiving host's inbox until its last byte is in. Alone on its
// route a packet arrives when SimGrid's flow model would have it arrive (the route's latency plus
// its bytes at the narrowest link); under contention packets queue rather than share.
//
// Why: SimGrid 3.32 re-solves the sharing of every flow connected to a comm's links each time one
// starts or ends, and finishing a detached comm scans a list of every detached comm in flight.
// An election among N servers sends N(N-1) small messages at once, so each comm cost grew with N
// squared (measured: 6 us per comm with 5 servers, 1.4 ms with 51). A packet costs a heap push and
// pop, whatever the ensemble. Flows of many segments (a SNAP, a large value, a batch of connects)
// stay with SimGrid, which shares bandwidth between them as TCP does.
//
// A host actor sleeping past a packet's arrival is woken by one empty comm along the same route,
// which lands after the route's latency, no later than the packet; the actor then sleeps until the
// packet is due. One wake serves every packet that lands after it.
#include <cstdint>
#include <memory>
#include <queue>
#include <vector>

#include "models/core/time.hpp"
#include "sim/runtime/envelope.hpp"

namespace sim {

// TCP payload in one Ethernet frame of 1,500 bytes (IPv4 and TCP headers with timestamps: 52).
constexpr std::uint64_t kSegmentPayloadBytes = 1448;

class Wire {
 public:
  struct Hop {
    std::size_t link;    // the link's index (World's): its queue
    double bytes_per_s;  // its bandwidth now
    models::Time latency_ns;
  };

  // When the last byte of `bytes` sent at sent_ns over `route` reaches its receiver; the links
  // are busy with them meanwhile.
  models::Time transmit(const std::vector<Hop>& route, models::Time sent_ns, std::uint64_t bytes);

  // Puts a batch into a host's inbox, due at at_ns.
  void post(std::size_t host, models::Time at_ns, std::unique_ptr<Envelope> batch);
  // The earliest batch in a host's inbox: its due time (kNever when empty), and taking it.
  models::Time next_due_ns(std::size_t host) const;
  std::unique_ptr<Envelope> take(std::size_t host);

  // A host actor announces that it sleeps until until_ns unless woken (kNever: no deadline), or
  // that it will look at its inbox before it sleeps again (awake).
  void sleeping_until(std::size_t host, models::Time until_ns);
  void awake(std::size_t host);
  // Whether a batch due at at_ns finds the host asleep past it with no wake on the way; if so the
  // caller sends a wake, which lands at wake_ns.
  bool needs_wake(std::size_t host, models::Time at_ns) const;
  void wake_sent(std::size_t host, models::Time wake_ns);

 private:
  struct Due {
    models::Time at_ns;
    std::uint64_t seq;  // posting order breaks ties: deterministic
    std::unique_ptr<Envelope> batch;
  };
  struct Later {
    bool operator()(const Due& a, const Due& b) const { return a.at_ns != b.at_ns ? a.at_ns > b.at_ns : a.seq > b.seq; }
  };
  struct Inbox {
    std::priority_queue<Due, std::vector<Due>, Later> due;
    models::Time sleeping_until_ns = 0;  // 0: awake (it looks before it sleeps)
    models::Time wake_ns = models::kNever;  // the earliest wake on its way
  };
  Inbox& inbox(std::size_t host);

  std::vector<Inbox> inboxes_;
  std::vector<models::Time> link_free_ns_;  // by link index: when its last queued byte is out
  std::uint64_t seq_ = 0;
};

}  // namespace sim
