#include <doctest/doctest.h>

#include "sim/runtime/connections.hpp"

using sim::Connections;
using sim::Envelope;

namespace {
std::unique_ptr<Envelope> envelope(Connections& c, models::NodeId from, models::NodeId to, std::uint64_t inc_from,
                                   std::uint64_t inc_to) {
  auto e = std::make_unique<Envelope>();
  e->from = from;
  e->to = to;
  c.stamp(*e, inc_from, inc_to);
  return e;
}

std::vector<std::unique_ptr<Envelope>> arrive(Connections& c, std::unique_ptr<Envelope> e, std::uint64_t inc_from,
                                              std::uint64_t inc_to) {
  std::vector<std::unique_ptr<Envelope>> ready;
  c.arrive(std::move(e), inc_from, inc_to, ready);
  return ready;
}
}  // namespace

TEST_CASE("connections: messages that arrive out of order are released in send order") {
  Connections c;
  auto first = envelope(c, 1, 2, 0, 0), second = envelope(c, 1, 2, 0, 0), third = envelope(c, 1, 2, 0, 0);
  CHECK(arrive(c, std::move(third), 0, 0).empty());
  CHECK(arrive(c, std::move(second), 0, 0).empty());
  const auto ready = arrive(c, std::move(first), 0, 0);
  REQUIRE(ready.size() == 3);
  CHECK(ready[0]->seq == 0);
  CHECK(ready[2]->seq == 2);
  CHECK(arrive(c, envelope(c, 1, 2, 0, 0), 0, 0).size() == 1);  // the next one, in its turn
}

TEST_CASE("connections: a restart of either end resets the connection and drops what was in flight") {
  Connections c;
  auto old_message = envelope(c, 1, 2, 0, 0);
  CHECK(arrive(c, std::move(old_message), 1, 0).empty());  // the sender restarted since
  auto fresh = envelope(c, 1, 2, 1, 0);
  CHECK(fresh->seq == 0);  // numbering starts over on the new connection
  CHECK(arrive(c, std::move(fresh), 1, 0).size() == 1);
  auto to_old_receiver = envelope(c, 1, 2, 1, 0);
  CHECK(arrive(c, std::move(to_old_receiver), 1, 1).empty());
}
