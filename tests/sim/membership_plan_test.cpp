// The loader plans membership changes: new servers get ids after the initial members (and
// after every earlier change's), grow's N follows the documented rounding rule, and later
// events may name the servers earlier changes add.
#include <doctest/doctest.h>

#include "sim/scenario/load_membership.hpp"
#include "sim/scenario/load_scenario.hpp"

TEST_CASE("membership plan: grow rounds n x m half up, then to the next odd number unless told not to") {
  CHECK(sim::grown_size(3, 1.67, true) == 5);   // 5.01
  CHECK(sim::grown_size(5, 1.4, true) == 7);    // 7.0
  CHECK(sim::grown_size(3, 1.5, true) == 5);    // 4.5 -> 5
  CHECK(sim::grown_size(3, 2, true) == 7);      // 6 is even -> 7
  CHECK(sim::grown_size(3, 2, false) == 6);
  CHECK(sim::grown_size(3, 1.1, true) == 3);    // 3.3 -> 3: grows nothing (the loader refuses it)
}

TEST_CASE("membership plan: new servers are numbered after the members, in event order") {
  const auto loaded = sim::parse_scenario(R"({"ensemble": {"servers": 3, "observers": 1},
      "events": [{"at_s": 1, "kind": "grow", "factor": 1.67},
                 {"at_s": 2, "kind": "add_servers", "count": 2, "role": "observer"},
                 {"at_s": 3, "kind": "promote_observer", "which": [8]},
                 {"at_s": 4, "kind": "crash", "server": 7},
                 {"at_s": 5, "kind": "rolling_replace"}]})", "test", ".");
  REQUIRE_MESSAGE(loaded.scenario.has_value(), sim::format_errors(loaded));
  const sim::Scenario& s = *loaded.scenario;
  const auto& grow = s.events[0].membership;
  CHECK(grow.voters_before == 3);
  CHECK(grow.voters_after == 5);
  CHECK(grow.new_ids == std::vector<models::NodeId>{5, 6});
  CHECK(s.events[1].membership.new_ids == std::vector<models::NodeId>{7, 8});
  CHECK(s.events[1].membership.observer);
  // 5 voters and 3 observers (4, 7 and 8) then 8 promoted: 8 members, each replaced.
  CHECK(s.events[4].membership.new_ids.size() == 8);
  CHECK(s.server_count() == 16);
  CHECK(s.added_servers.size() == 12);
}
