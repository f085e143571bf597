#pragma once
// A run's timeline in the Chrome trace-event JSON format, which Perfetto (ui.perfetto.dev) and
// chrome://tracing open: someone reproducing a failure sees who was LOOKING, FOLLOWING or LEADING
// when, how long each election took, when processes stopped and started, and the request rate.
//   pid 1 "ensemble":  tid 0 "leader" (one span per established leader and epoch), then one track
//                      per server (tid = server id) with its state spans and instant events;
//   pid 2 "elections": one track per server with a span per Fast Leader Election it finished;
//   pid 3 "requests":  counters of completed (ok, failed) requests per interval;
//   pid 4 "scenario":  tid 0, one instant per scenario event as it acted (each fault with its
//                      fields: a partition's groups, a clog's latency, the new rate, the strategy's
//                      name; each membership change), from the runtime (ScenarioEventSink);
//   pid 5 "synchronization": one track per server with a span per synchronization with a leader,
//                      from its start (ACKEPOCH) to its StateSynced, named by its mode (DIFF, TRUNC,
//                      SNAP: a follower restored by a SNAP shows syncing until the snapshot is in);
//   pid 6 "app servers": one track per app server (tid = its number) with UP / DOWN spans.
// Reconfig phases (requested, proposed, committed, activated, refused) and freezes are instants
// on the server's track.
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
#include "analysis/scenario_event_sink.hpp"

namespace analysis {

class ChromeTraceRecorder final : public Recorder, public ScenarioEventSink {
 public:
  // Bounds the events kept; beyond it events are counted as dropped (in the output's otherData).
  static constexpr std::size_t kMaxEvents = 1'000'000;

  explicit ChromeTraceRecorder(models::Time interval_ns = models::kSecond);
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;
  void scenario_event(models::Time time_ns, const ScenarioEventMark& mark) override;
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
  void on_server_fault(models::Time time_ns, models::NodeId node, const models::Observation& what);
  void on_sync(models::Time time_ns, models::NodeId node, const models::DataWorkDone& work);
  void on_reconfig(models::Time time_ns, models::NodeId node, const models::ReconfigEvent& r);
  void on_app_server(models::Time time_ns, models::NodeId node, const models::Observation& what);
  void leader_up(models::Time time_ns, models::NodeId node, models::Epoch epoch);
  void leader_down(models::Time time_ns, models::NodeId node);
  // State spans of a track (pid 1: a server's, pid 6: an app server's).
  void open_state(models::Time time_ns, models::NodeId node, std::string name, int pid = 1);
  void close_state(models::Time time_ns, models::NodeId node, int pid = 1);
  void instant(models::Time time_ns, models::NodeId node, std::string name, nlohmann::ordered_json args = {},
               int pid = 1, const char* category = "lifecycle");
  void span(int pid, models::NodeId tid, models::Time start_ns, models::Time end_ns, std::string name,
            const char* category, nlohmann::ordered_json args);
  void flush_requests(std::int64_t next_interval);
  void add(Event event);
  nlohmann::ordered_json metadata() const;

  models::Time interval_ns_;
  std::vector<Event> events_;
  std::uint64_t dropped_ = 0;
  std::set<models::NodeId> servers_;
  std::map<std::pair<int, models::NodeId>, OpenSpan> open_states_;  // by (pid, tid)
  std::map<models::NodeId, models::Time> last_synced_ns_;  // each server's last StateSynced
  std::set<models::NodeId> app_servers_;  // by number
  std::map<models::NodeId, models::Time> last_election_end_ns_;
  std::optional<Leader> leader_;
  std::int64_t interval_ = 0;  // the interval whose requests are being counted
  std::uint64_t interval_ok_ = 0, interval_failed_ = 0;
  bool finished_ = false;
};

}  // namespace analysis
