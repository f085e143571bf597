// The wire (sim/runtime/wire.hpp): a packet alone on its route lands when SimGrid's flow model
// would have it land; packets queue on a busy link; an inbox hands batches over in due order; a
// wake is asked for only when the receiver sleeps past the packet with none on its way.
#include <doctest/doctest.h>

#include <memory>
#include <vector>

#include "sim/runtime/wire.hpp"

namespace {

constexpr double kGigabit = 1e9 / 8;  // bytes per second
const std::vector<sim::Wire::Hop> kRoute{{0, kGigabit, 50'000}, {1, kGigabit / 2, 50'000}};

std::unique_ptr<sim::Envelope> batch(models::NodeId from) {
  auto envelope = std::make_unique<sim::Envelope>();
  envelope->from = from;
  return envelope;
}

}  // namespace

TEST_CASE("wire: alone, a packet takes the route's latency plus its bytes at the narrowest link") {
  sim::Wire wire;
  // 1,000 bytes at 62.5 MB/s: 16 us; 100 us of latency.
  CHECK(wire.transmit(kRoute, 1'000'000, 1000) == 1'000'000 + 100'000 + 16'000);
}

TEST_CASE("wire: packets sent at once queue on the link they share, first come first served") {
  sim::Wire wire;
  const models::Time first = wire.transmit(kRoute, 0, 1000);
  const models::Time second = wire.transmit(kRoute, 0, 1000);
  CHECK(first == 116'000);
  CHECK(second == first + 16'000);  // behind the first on the slower link
  // A packet from elsewhere into the same last link waits behind both.
  const std::vector<sim::Wire::Hop> other{{2, kGigabit, 50'000}, {1, kGigabit / 2, 50'000}};
  CHECK(wire.transmit(other, 0, 1000) == second + 16'000);
  // Once the links are idle again a packet is alone.
  CHECK(wire.transmit(kRoute, 10'000'000, 1000) == 10'116'000);
}

TEST_CASE("wire: an inbox hands its batches over in due order, ties in posting order") {
  sim::Wire wire;
  wire.post(3, 500, batch(1));
  wire.post(3, 200, batch(2));
  wire.post(3, 500, batch(3));
  CHECK(wire.next_due_ns(3) == 200);
  CHECK(wire.next_due_ns(4) == models::kNever);
  std::vector<models::NodeId> order;
  while (wire.next_due_ns(3) != models::kNever) {
    auto taken = wire.take(3);
    CHECK(taken->arrived_ns >= 200);
    order.push_back(taken->from);
  }
  CHECK(order == std::vector<models::NodeId>{2, 1, 3});
}

TEST_CASE("wire: a wake only for a receiver asleep past the packet with no earlier wake on its way") {
  sim::Wire wire;
  wire.awake(7);
  CHECK_FALSE(wire.needs_wake(7, 1000));  // awake: it looks at its inbox before it sleeps
  wire.sleeping_until(7, 5000);
  CHECK_FALSE(wire.needs_wake(7, 6000));  // it wakes first on its own
  CHECK(wire.needs_wake(7, 1000));
  wire.wake_sent(7, 900);
  CHECK_FALSE(wire.needs_wake(7, 1000));  // the wake on its way lands first
  CHECK(wire.needs_wake(7, 800));         // a nearer sender's packet lands before that wake
  wire.awake(7);
  wire.sleeping_until(7, models::kNever);
  CHECK(wire.needs_wake(7, 1000));  // woken since: the old wake no longer counts
}
