#pragma once
// A run's timeline in the Chrome trace-event JSON format, which Perfetto (ui.perfetto.dev) and
// chrome://tracing open: someone reproducing a failure sees who was LOOKING, FOLLOWING or LEADING
// when, how long each election took, when processes stopped and started, and the request rate.
//   pid 1 "ensemble":  tid 0 "leader" (one span per established leader and epoch), then one track
//                      per server (tid = server id) with its state spans and instant events;
//   pid 2 "elections": one track per server with a span per Fast Leader Election it finished;
//   pid 3 "requests":  counters of completed (ok, failed) requests per interval.
// Memory grows with protocol events (state changes, elections), never with client requests: those
// are only counted per interval. Output is ordered_json with events sorted by (time, track,
// arrival), so the same run gives the same bytes.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/recorder.hpp"

namespace analysis {

class ChromeTraceRecorder final : public Recorder {
 public:
  // Bounds the events kept; beyond it events are counted as dropped (in the output's otherData).
  static constexpr std::size_t kMaxEvents = 1'000'000;

  explicit ChromeTraceRecorder(models::Time interval_ns = models::kSecond);
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;
  // Closes the spans still open and the last request interval at the end of the run; call once.
  void finish(models::Time end_ns);

  nlohmann::ordered_json to_json() const;
  // One event per line, so that large traces stay diffable.
  std::string text() const;
  // text() into a file. Throws std::runtime_error on failure.
  void write_file(const std::string& path) const;
  std::size_t event_count() const { return events_.size(); }

 private:
  struct Event {
    char phase;  // 'X' complete span, 'i' instant, 'C' counter
    int pid;
    models::NodeId tid;
    models::Time ts_ns;
    models::Time dur_ns;
    std::string name;
    const char* category;
    nlohmann::ordered_json args;
    std::uint64_t sequence;  // arrival order: the last tie-breaker of the sort
  };
  struct OpenSpan {
    std::string name;
    models::Time since_ns;
    nlohmann::ordered_json args;
  };
  struct Leader {
    models::NodeId server;
    models::Epoch epoch;
    models::Time since_ns;
  };

  void on_server(models::Time time_ns, models::NodeId node, const models::Observation& what);
  void on_completed(models::Time time_ns, const models::RequestCompleted& r);
  void on_election(models::Time time_ns, models::NodeId node, const models::ElectionFinished& e);
  void leader_up(models::Time time_ns, models::NodeId node, models::Epoch epoch);
  void leader_down(models::Time time_ns, models::NodeId node);
  void open_state(models::Time time_ns, models::NodeId node, std::string name);
  void close_state(models::Time time_ns, models::NodeId node);
  void instant(models::Time time_ns, models::NodeId node, std::string name, nlohmann::ordered_json args = {});
  void span(int pid, models::NodeId tid, models::Time start_ns, models::Time end_ns, std::string name,
            const char* category, nlohmann::ordered_json args);
  void flush_requests(std::int64_t next_interval);
  void add(Event event);
  nlohmann::ordered_json metadata() const;

  models::Time interval_ns_;
  std::vector<Event> events_;
  std::uint64_t dropped_ = 0;
  std::set<models::NodeId> servers_;
  std::map<models::NodeId, OpenSpan> open_states_;
  std::map<models::NodeId, models::Time> last_election_end_ns_;
  std::optional<Leader> leader_;
  std::int64_t interval_ = 0;  // the interval whose requests are being counted
  std::uint64_t interval_ok_ = 0, interval_failed_ = 0;
  bool finished_ = false;
};

}  // namespace analysis
