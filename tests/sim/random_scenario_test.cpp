// The swarm's scenario generator: every scenario it draws is one the loader accepts, and its
// schedules include each kind of membership change (issue 8 asks for reconfigs among the faults).
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "sim/check/random_scenario.hpp"
#include "sim/scenario/load_scenario.hpp"

TEST_CASE("check: 200 random scenarios load, and their schedules hold every kind of membership change") {
  std::map<std::string, int> kinds;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const sim::check::RandomScenario random = sim::check::random_scenario(seed);
    const sim::LoadResult loaded =
        sim::parse_scenario(sim::check::scenario_json(random, random.faults).dump(), "seed " + std::to_string(seed), ".");
    INFO(sim::format_errors(loaded));
    REQUIRE(loaded.scenario);
    for (const auto& event : random.faults) ++kinds[event.at("kind").get<std::string>()];
  }
  for (const char* kind : {"add_servers", "remove_servers", "promote_observer", "crash", "partition"}) {
    INFO(kind);
    CHECK(kinds[kind] > 0);
  }
}
