// The pure parts of membership: joint quorums, the configuration a request asks for, when the
// leader must refuse, and the choice of a designated leader.
#include <doctest/doctest.h>

#include "models/membership/reconfig.hpp"

using namespace models;
using membership::QuorumSystem;

TEST_CASE("reconfig: a pending configuration makes quorums joint until it is activated") {
  QuorumSystem q(Configuration{0, {1, 2, 3}, {}});
  CHECK(q.is_quorum({1, 2}));
  q.set_pending(Configuration{7, {1, 2, 3, 4, 5}, {}});
  CHECK(!q.is_quorum({1, 2}));        // a quorum of the old, not of the new
  CHECK(!q.is_quorum({3, 4, 5}));     // a quorum of the new, not of the old
  CHECK(q.is_quorum({1, 2, 4}));      // both
  CHECK(q.activate(*q.pending()));
  CHECK(!q.pending());
  CHECK(q.is_quorum({3, 4, 5}));
  CHECK(!q.activate(Configuration{5, {1}, {}}));  // older than the active one: ignored
  CHECK(q.active().version == 7);
}

TEST_CASE("reconfig: requests are applied incrementally and refused as ZooKeeper refuses them") {
  const Configuration from{0, {1, 2, 3}, {4}};
  Configuration next = membership::requested_config(from, ReconfigRequest{1, {4, 5}, {2}, {3}});
  CHECK(next.voters == std::vector<NodeId>{1, 4, 5});
  CHECK(next.observers == std::vector<NodeId>{2});
  QuorumSystem q(from);
  const ReconfigRequest incremental{1, {4, 5}, {2}, {3}};
  CHECK(membership::check_request(q, incremental, next, {1, 4, 5}) == ReconfigRefusal::none);
  CHECK(membership::check_request(q, incremental, next, {1, 2, 3}) == ReconfigRefusal::no_quorum_of_new_config);
  CHECK(membership::check_request(q, incremental, from, {1, 2, 3}) == ReconfigRefusal::no_change);
  CHECK(membership::check_request(q, incremental, Configuration{0, {}, {4}}, {1}) == ReconfigRefusal::invalid);
  q.set_pending(Configuration{9, {1, 4, 5}, {2}});
  CHECK(membership::check_request(q, incremental, next, {1, 4, 5}) == ReconfigRefusal::reconfig_in_progress);
}

TEST_CASE("reconfig: the designated leader acknowledged the reconfig and the most proposals after it") {
  const Configuration next{9, {2, 3, 4}, {}};
  CHECK(membership::designated_leader(2, next, {2, 3}, {}) == 2);  // a kept leader stays
  const std::map<Zxid, std::set<NodeId>> later{{10, {1, 3, 4}}, {11, {1, 4}}, {12, {1}}};
  CHECK(membership::designated_leader(1, next, {1, 2, 3, 4}, later) == 4);
  CHECK(membership::designated_leader(1, next, {1, 2, 3}, {}) == 2);  // ties: the smallest sid
  CHECK(membership::designated_leader(1, next, {1}, {}) == kNoNode);
}
