#pragma once
// The documents' formulas, computed from the observation stream of one run:
//   Throughput   = completed requests / measured time (the window after the warm-up),
//   Latency      = total request time / requests (the mean), with percentiles from a histogram,
//   Availability = up time / time x 100%, as service availability (an established leader exists)
//                  and as client-perceived availability (share of requests that succeeded, within
//                  the callers' deadline when the scenario sets one),
//   Load factor  = L = R / S over the servers' request counts R_i,
// plus the elections, the windows without a leader, and per-interval time series.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/metrics/in_flight_requests.hpp"
#include "analysis/metrics/latency_histogram.hpp"
#include "analysis/metrics/quorum_reach.hpp"
#include "analysis/recorder.hpp"

namespace analysis {

struct MetricsWindow {
  models::Time warmup_ns = 0;    // measurements start here
  models::Time end_ns = 0;       // and end here
  models::Time interval_ns = models::kSecond;
  models::Time request_timeout_ns = 0;  // the callers' deadline (0: none), in_flight_requests.hpp
};

struct ElectionRecord {
  models::NodeId server = models::kNoNode;  // who finished it
  models::NodeId leader = models::kNoNode;
  models::Epoch epoch = 0;
  models::Time started_ns = 0;
  models::Time finished_ns = 0;
};

// One server's term as established leader: from LeaderEstablished until it steps down or stops.
// Terms of different servers can overlap in time (a partitioned or frozen old leader that has not
// noticed yet); the commits count shows which of them could actually commit.
struct Leadership {
  models::NodeId server = models::kNoNode;
  models::Epoch epoch = 0;
  models::Time from_ns = 0;
  std::optional<models::Time> to_ns;  // open until the end of the run
  std::uint64_t commits = 0;          // transactions it delivered while leading
  std::optional<models::Time> last_commit_ns;
};

// A window in which writes cannot commit: no established leader, or one that cannot reach a
// quorum of voters (quorum_reach.hpp) though it has not noticed yet.
struct Outage {
  models::Time start_ns = 0;
  models::Time end_ns = 0;
  std::string cause;  // "no leader", or why the leader cannot commit
};

struct IntervalStats {
  models::Time start_ns = 0;
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  LatencyHistogram latency{4};  // coarse (6% error) to keep long runs small
  models::Time leader_ns = 0;   // time within the interval with a leader able to commit
  bool waited = false;          // requests were in flight at some time in it
};

class RunMetrics final : public Recorder {
 public:
  explicit RunMetrics(MetricsWindow window);
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;
  // Closes open windows at the end of the run; call once before reading.
  void finish();

  const MetricsWindow& window() const { return window_; }
  double measured_seconds() const;
  std::uint64_t ok() const { return ok_; }
  std::uint64_t failed() const { return failed_; }
  // Of those failed: answered after the callers' deadline, or never answered by it.
  std::uint64_t failed_by_deadline() const { return failed_by_deadline_; }
  double throughput_per_s() const;
  const LatencyHistogram& latency(std::optional<models::OpKind> kind = std::nullopt) const;
  const std::map<models::NodeId, std::uint64_t>& served_by_server() const { return served_; }
  double service_availability() const;  // fraction of the measured window with a leader
  double client_availability() const;   // ok / (ok + failed) in the measured window
  const std::vector<ElectionRecord>& elections() const { return elections_; }
  const std::vector<Outage>& outages() const { return outages_; }
  const std::vector<Leadership>& leaderships() const { return leaderships_; }
  const std::vector<IntervalStats>& intervals() const { return intervals_; }
  // The last state each server reported (LOOKING, FOLLOWING, LEADING, OBSERVING).
  const std::map<models::NodeId, models::PeerState>& roles() const { return roles_; }
  // The servers that served (following, leading or observing) at some time in the measured
  // window: the S of the load factor L = R / S. Once finished.
  std::size_t servers_serving() const { return serving_in_window_.size(); }
  // The first configuration, for whether a leader reaches a quorum (without voters,
  // an established leader counts as up until it steps down).
  void set_configuration(models::Configuration config) { reach_.set_configuration(std::move(config)); }
  // Whether a membership change removed the server (it is not in the newest configuration
  // activated, or the operator shut it down as removed).
  bool removed(models::NodeId server) const;

 private:
  void on_completed(models::Time time_ns, models::NodeId client, const models::RequestCompleted& r);
  void on_sent(models::Time time_ns, models::NodeId client, const models::RequestIssued& r);
  void fail_by_deadline(models::Time deadline_ns);
  void mark_waited(models::Time from_ns, models::Time to_ns);
  void leader_up(models::Time time_ns, models::NodeId leader);
  void leader_down(models::Time time_ns, models::NodeId node);
  // Service is up while the established leader reaches a quorum: called after every observation
  // that may change it.
  void update_service(models::Time time_ns);
  void close_leadership(models::Time time_ns, models::NodeId node);
  void count_commit(models::Time time_ns, models::NodeId node);
  void add_leader_time(models::Time from_ns, models::Time to_ns);
  IntervalStats& interval_at(models::Time time_ns);
  bool measured(models::Time time_ns) const { return time_ns >= window_.warmup_ns && time_ns <= window_.end_ns; }

  MetricsWindow window_;
  std::uint64_t ok_ = 0, failed_ = 0, failed_by_deadline_ = 0;
  InFlightRequests in_flight_;
  models::Time waiting_since_ns_ = 0;  // while in_flight_ is not empty
  LatencyHistogram all_, reads_, writes_;
  std::map<models::NodeId, std::uint64_t> served_;
  std::map<models::NodeId, models::PeerState> roles_;
  std::map<models::NodeId, models::Time> serving_since_;  // the servers serving now, since when
  std::set<models::NodeId> serving_in_window_;
  std::set<models::NodeId> shut_down_removed_;
  void track_serving(models::Time time_ns, models::NodeId node, bool serving);
  std::vector<ElectionRecord> elections_;
  std::vector<Outage> outages_;
  std::vector<Leadership> leaderships_;
  std::map<models::NodeId, std::size_t> open_leadership_;  // server -> index in leaderships_
  std::vector<IntervalStats> intervals_;
  models::NodeId leader_ = models::kNoNode;  // established, whether or not it can commit
  QuorumReach reach_;
  bool service_up_ = false;
  models::Time up_since_ns_ = 0;
  models::Time leader_measured_ns_ = 0;
  std::optional<models::Time> outage_start_ns_;  // none before the first leader: the first election is no outage
  std::string outage_cause_;
  bool finished_ = false;
};

}  // namespace analysis
