// The swarm's scenario generator: every scenario it draws is one the loader accepts; its schedules
// include each kind of membership change (issue 8), each family of faults aimed at protocol
// moments, roles and moments (issue 16); its final heal leaves room for the liveness bounds.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "sim/check/aimed_faults.hpp"
#include "sim/check/liveness.hpp"
#include "sim/check/random_scenario.hpp"
#include "sim/scenario/load_scenario.hpp"

TEST_CASE("check: 200 random scenarios load, with every aimed family, role, moment and membership change") {
  std::map<std::string, int> kinds, aims, roles, moments;
  int overridden = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const sim::check::RandomScenario random = sim::check::random_scenario(seed);
    const sim::LoadResult loaded =
        sim::parse_scenario(sim::check::scenario_json(random, random.faults).dump(), "seed " + std::to_string(seed), ".");
    INFO(sim::format_errors(loaded));
    REQUIRE(loaded.scenario);
    const sim::Scenario& s = *loaded.scenario;
    // After the final heal: the bound within which every member syncs, then the window of service.
    const sim::check::LivenessBounds bounds = sim::check::liveness_bounds(s);
    CHECK(s.duration_s - random.quiet_at_s >= bounds.synced_s + random.liveness_window_s);
    for (const sim::Event& e : s.events) {
      CHECK(e.at_s <= random.quiet_at_s);
      if (e.within_s > 0) CHECK(e.at_s + e.within_s + e.delay_ms / 1e3 < random.quiet_at_s);  // lapsed before the heal
      if (e.role != sim::ServerRole::id) ++roles[sim::server_role_name(e.role)];
      if (e.when.kind != sim::Moment::Kind::none) ++moments[sim::moment_name(e.when)];
    }
    overridden += s.ensemble.overrides.empty() ? 0 : 1;
    for (const auto& event : random.faults) ++kinds[event.at("kind").get<std::string>()];
    for (const std::string& aim : random.aims) ++aims[aim];
  }
  for (const char* kind : {"add_servers", "remove_servers", "promote_observer", "crash", "partition", "packet_loss", "clog"}) {
    INFO(kind);
    CHECK(kinds[kind] > 0);
  }
  for (const std::string& aim : sim::check::aim_names()) {
    INFO(aim);
    CHECK(aims[aim] >= 10);
  }
  for (const char* role : {"leader", "follower", "syncing", "clients_server", "any"}) {
    INFO(role);
    CHECK(roles[role] > 0);
  }
  for (const char* moment : {"txn_logged", "leader_established", "reconfig_proposed", "diff_sent", "trunc_sent", "snap_sent"}) {
    INFO(moment);
    CHECK(moments[moment] > 0);
  }
  CHECK(overridden > 40);  // per-server syncLimit / initLimit / fsync in about two seeds of five
}
