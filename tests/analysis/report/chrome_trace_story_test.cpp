// The Chrome trace's whole story beyond states and elections: scenario events with their fields,
// synchronization spans that end at the learner's StateSynced, reconfig phases, app servers.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "analysis/report/chrome_trace.hpp"
#include "models/client/app_ids.hpp"

namespace {

using Json = nlohmann::ordered_json;

std::vector<Json> on_track(const Json& trace, int pid, std::uint32_t tid, const std::string& phase) {
  std::vector<Json> out;
  for (const Json& e : trace["traceEvents"])
    if (e["ph"] == phase && e["pid"] == pid && e["tid"] == tid) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("chrome trace: a SNAP-restored follower shows syncing from ACKEPOCH to its StateSynced") {
  analysis::ChromeTraceRecorder trace(models::kSecond);
  trace.record(models::sec(1), 2, models::StateChanged{models::PeerState::following});
  trace.record(models::sec(4), 2, models::StateSynced{7});
  trace.record(models::sec(4), 2, models::DataWorkDone{models::DataWorkDone::Kind::sync_snap, 1000, models::sec(2), 7});
  trace.record(models::sec(5), 2, models::DataWorkDone{models::DataWorkDone::Kind::write_snapshot, 1000, models::sec(5), 7});
  trace.finish(models::sec(6));
  const auto syncs = on_track(trace.to_json(), 5, 2, "X");
  REQUIRE(syncs.size() == 1);
  CHECK(syncs[0]["name"] == "sync SNAP");
  CHECK(syncs[0]["ts"].get<double>() == doctest::Approx(2e6));
  CHECK(syncs[0]["dur"].get<double>() == doctest::Approx(2e6));  // ends at the StateSynced, 4 s
  CHECK(syncs[0]["args"]["bytes"] == 1000);
}

TEST_CASE("chrome trace: scenario events are instants with their fields, reconfig phases and app servers have tracks") {
  analysis::ChromeTraceRecorder trace(models::kSecond);
  trace.scenario_event(models::sec(1), {"partition", "partition", Json{{"groups", {{1}, {2, 3}}}}});
  trace.scenario_event(models::sec(2), {"rate", "rate 50 req/s", Json{{"rate_per_s", 50}}});
  auto config = std::make_shared<models::Configuration>();
  config->voters = {1, 2, 3, 4};
  trace.record(models::sec(3), 1, models::ReconfigEvent{models::ReconfigPhase::proposed, 1, 5, models::ReconfigRefusal::none,
                                                        nullptr, config});
  trace.record(models::sec(1), models::app_server_id(2), models::ProcessStarted{});
  trace.record(models::sec(3), models::app_server_id(2), models::ProcessStopped{});
  trace.finish(models::sec(4));
  const Json json = trace.to_json();
  const auto events = on_track(json, 4, 0, "i");
  REQUIRE(events.size() == 2);
  CHECK(events[0]["args"]["kind"] == "partition");
  CHECK(events[0]["args"]["groups"] == Json{{1}, {2, 3}});
  CHECK(events[1]["name"] == "rate 50 req/s");
  CHECK(events[1]["args"]["rate_per_s"] == 50);
  const auto reconfig = on_track(json, 1, 1, "i");
  REQUIRE(reconfig.size() == 1);
  CHECK(reconfig[0]["name"] == "reconfig proposed");
  CHECK(reconfig[0]["args"]["voters"] == Json{1, 2, 3, 4});
  const auto app = on_track(json, 6, 2, "X");
  REQUIRE(app.size() == 2);
  CHECK(app[0]["name"] == "UP");
  CHECK(app[1]["name"] == "DOWN");
}
