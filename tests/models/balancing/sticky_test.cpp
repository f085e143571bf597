#include <doctest/doctest.h>

#include "tests/models/balancing/balancing_test_util.hpp"

using namespace balancing_test;

TEST_CASE("balancing: sticky keeps its server and changes only when it disappears") {
  Rng rng(5);
  auto sticky = make("sticky");  // inner round_robin by default
  auto members = servers(1, 8);
  CHECK_FALSE(sticky->set_members(members, rng));
  const NodeId first = sticky->pick({}, rng);
  for (int i = 0; i < 1000; ++i)
    CHECK(sticky->pick({static_cast<std::uint64_t>(i), 0, nullptr}, rng) == first);

  // Another server leaves: no reason to move.
  std::erase_if(members, [&](const Member& m) { return m.id == (first == 1 ? 2 : 1); });
  CHECK_FALSE(sticky->set_members(members, rng));
  CHECK(sticky->pick({}, rng) == first);

  // Its own server leaves: the holder is told to move, and exactly one change of instance follows.
  std::erase_if(members, [&](const Member& m) { return m.id == first; });
  CHECK(sticky->set_members(members, rng));
  const NodeId second = sticky->pick({}, rng);
  CHECK(second != first);
  for (int i = 0; i < 100; ++i) CHECK(sticky->pick({}, rng) == second);
}

// Over a long run of random departures and arrivals, the number of instance changes equals the
// number of times the current instance left, and never more.
TEST_CASE("balancing: sticky counts changes of instance only on departures of its own") {
  models::balancing::StrategyOptions options;
  options.sticky_inner = "random";
  Rng rng(6);
  auto sticky = make("sticky", options);
  std::vector<Member> members = servers(1, 10);
  sticky->set_members(members, rng);
  NodeId current = sticky->pick({}, rng);
  int changes = 0, own_departures = 0;
  NodeId next_id = 11;
  for (int step = 0; step < 500; ++step) {
    const std::size_t leaving = static_cast<std::size_t>(rng.uniform_u64(members.size()));
    if (members[leaving].id == current) ++own_departures;
    members.erase(members.begin() + static_cast<std::ptrdiff_t>(leaving));
    members.push_back({next_id++, 1.0});
    sticky->set_members(members, rng);
    const NodeId now = sticky->pick({}, rng);
    if (now != current) ++changes;
    current = now;
  }
  MESSAGE("sticky over 500 membership changes of 10 servers: " << changes << " instance changes");
  CHECK(changes == own_departures);
  CHECK(changes > 20);  // about 500 / 10 departures hit the current instance
}
