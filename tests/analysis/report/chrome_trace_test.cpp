#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "analysis/report/chrome_trace.hpp"
#include "tests/analysis/plot/synthetic_run.hpp"
#include "tests/analysis/plot/temp_dir.hpp"

namespace {

using Json = nlohmann::ordered_json;
using Track = std::pair<int, std::uint32_t>;  // pid, tid

Json trace_of(const synthetic::Run& run) {
  analysis::ChromeTraceRecorder trace(run.window.interval_ns);
  synthetic::feed(run, trace);
  trace.finish(run.window.end_ns);
  return trace.to_json();
}

Track track_of(const Json& e) { return {e["pid"].get<int>(), e["tid"].get<std::uint32_t>()}; }

std::vector<Json> events_where(const Json& trace, const std::string& phase) {
  std::vector<Json> out;
  for (const Json& e : trace["traceEvents"])
    if (e["ph"] == phase) out.push_back(e);
  return out;
}

std::vector<Json> spans_on(const Json& trace, Track track) {
  std::vector<Json> out;
  for (const Json& e : events_where(trace, "X"))
    if (track_of(e) == track) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("trace: events are sorted by time within each track and spans do not overlap") {
  const Json trace = trace_of(synthetic::make_run());
  std::map<Track, double> last_ts, last_span_end;
  for (const Json& e : trace["traceEvents"]) {
    if (e["ph"] == "M") continue;
    const Track track = track_of(e);
    const double ts = e["ts"].get<double>();
    CHECK(ts >= last_ts[track]);
    last_ts[track] = ts;
    if (e["ph"] != "X") continue;
    CHECK(e["dur"].get<double>() > 0);
    CHECK(ts >= last_span_end[track]);
    last_span_end[track] = ts + e["dur"].get<double>();
  }
  CHECK(last_ts.size() >= 11);  // leader, 5 state tracks, 5 election tracks (4 of them), counters
}

TEST_CASE("trace: metadata names every process and server track") {
  const Json trace = trace_of(synthetic::make_run());
  std::set<std::tuple<std::string, int, std::uint32_t, std::string>> names;
  for (const Json& e : events_where(trace, "M"))
    if (e["args"].contains("name"))
      names.insert({e["name"].get<std::string>(), e["pid"].get<int>(), e["tid"].get<std::uint32_t>(),
                    e["args"]["name"].get<std::string>()});
  CHECK(names.count({"process_name", 1, 0, "ensemble"}) == 1);
  CHECK(names.count({"process_name", 2, 0, "elections"}) == 1);
  CHECK(names.count({"process_name", 3, 0, "requests"}) == 1);
  CHECK(names.count({"thread_name", 1, 0, "leader"}) == 1);
  for (std::uint32_t id = 1; id <= 5; ++id) {
    CHECK(names.count({"thread_name", 1, id, "server " + std::to_string(id)}) == 1);
    CHECK(names.count({"thread_name", 2, id, "server " + std::to_string(id)}) == 1);
  }
  CHECK(trace["traceEvents"][0]["ph"] == "M");  // metadata first, before any event uses the names
}

TEST_CASE("trace: server states, leaders, elections and process events follow the run") {
  const Json trace = trace_of(synthetic::make_run());
  const auto server3 = spans_on(trace, {1, 3});
  std::vector<std::string> states;
  for (const Json& s : server3) states.push_back(s["name"].get<std::string>());
  CHECK(states == std::vector<std::string>{"LOOKING", "LEADING", "DOWN", "LOOKING", "FOLLOWING"});
  CHECK(server3[2]["ts"].get<double>() == doctest::Approx(20e6));  // microseconds
  CHECK(server3[2]["dur"].get<double>() == doctest::Approx(20e6));
  CHECK(server3.back()["ts"].get<double>() + server3.back()["dur"].get<double>() == doctest::Approx(60e6));
  const auto leaders = spans_on(trace, {1, 0});
  REQUIRE(leaders.size() == 2);
  CHECK(leaders[0]["name"] == "server 3 (epoch 1)");
  CHECK(leaders[1]["name"] == "server 5 (epoch 2)");
  CHECK(leaders[1]["ts"].get<double>() == doctest::Approx(20.75e6));
  const auto elections = spans_on(trace, {2, 3});
  REQUIRE(elections.size() == 2);
  CHECK(elections[1]["ts"].get<double>() == doctest::Approx(40e6));
  CHECK(elections[1]["dur"].get<double>() == doctest::Approx(50e3));
  CHECK(elections[1]["args"]["leader"] == 5);
  std::multiset<std::string> instants;
  for (const Json& e : events_where(trace, "i")) instants.insert(e["name"].get<std::string>());
  CHECK(instants.count("crash") == 1);
  CHECK(instants.count("process started") == 6);
  CHECK(instants.count("leader established") == 2);
}

TEST_CASE("trace: request counters add up to the requests, one sample per interval") {
  const auto run = synthetic::make_run();
  const Json trace = trace_of(run);
  std::uint64_t ok = 0, failed = 0, total_completed = 0;
  const auto counters = events_where(trace, "C");
  CHECK(counters.size() == 60);
  for (const Json& c : counters) {
    ok += c["args"]["ok"].get<std::uint64_t>();
    failed += c["args"]["failed"].get<std::uint64_t>();
  }
  for (const auto& e : run.entries) total_completed += std::holds_alternative<models::RequestCompleted>(e.what);
  CHECK(ok + failed == total_completed);
  CHECK(failed > 0);
}

TEST_CASE("trace: memory follows protocol events, not requests") {
  analysis::ChromeTraceRecorder trace(models::kSecond);
  for (models::Time t = 0; t < models::sec(10); t += models::us(10))  // a million requests
    trace.record(t, models::kFirstClientId, models::RequestCompleted{1, 1, models::OpKind::read, models::Status::ok, t, 0});
  trace.finish(models::sec(10));
  CHECK(trace.event_count() == 10);
}

TEST_CASE("trace: the file is valid JSON and byte-identical for the same run") {
  const auto run = synthetic::make_run();
  test_files::TempDir dir("trace");
  for (const char* name : {"a.json", "b.json"}) {
    analysis::ChromeTraceRecorder trace(run.window.interval_ns);
    synthetic::feed(run, trace);
    trace.finish(run.window.end_ns);
    trace.write_file((dir.path() / name).string());
  }
  const std::string text = test_files::read_file(dir.path() / "a.json");
  CHECK(text == test_files::read_file(dir.path() / "b.json"));
  const Json parsed = Json::parse(text);
  CHECK(parsed == trace_of(run));
  CHECK(parsed["otherData"]["dropped_events"] == 0);
}
