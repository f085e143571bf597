#pragma once
// What each membership change cost and bought, from the observation stream and the operator's
// notes: when it was requested, refused (and why), proposed, committed and activated; the voters
// before and after (growth N = n x m); how long writes stalled around it; how many sessions moved;
// and per-server session counts and request rates before and after it, with their spread.
//
// The operator (the simulator's membership actor) opens a change and lists the reconfig requests
// it sends for it (retries included); everything else comes from observations, so the figures are
// those any consumer of the run's stream would compute.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/recorder.hpp"

namespace analysis {

// Cumulative counters at one moment: differences of two give a window's rates.
struct MembershipSnapshot {
  models::Time at_ns = 0;
  std::map<models::NodeId, std::uint64_t> sessions;  // clients whose session is on each server now
  std::map<models::NodeId, std::uint64_t> served;    // requests each server answered so far
  std::uint64_t reads_ok = 0, writes_ok = 0;
  double write_latency_ns_sum = 0;
};

struct ReconfigRefused {
  models::Time at_ns = 0;
  std::uint64_t request_id = 0;
  std::string reason;
};

struct MembershipChangeRecord {
  std::string kind;                 // the scenario event: add_servers, remove_servers, grow, ...
  std::string label;                // what the operator did, e.g. "add 4, 5 as participants"
  double planned_factor = 0;        // grow: the scenario's m
  std::vector<std::uint64_t> request_ids;
  std::optional<models::Time> requested_ns, proposed_ns, committed_ns, first_activated_ns, last_activated_ns;
  std::vector<ReconfigRefused> refusals;
  std::uint64_t version = 0;        // of the configuration it created
  std::vector<models::NodeId> voters_before, observers_before, voters_after, observers_after;
  std::string quorums_before, quorums_after;  // the rule and groups (models::describe_layout)
  std::string abandoned;            // why the operator gave up ("" : it did not)
  std::uint64_t sessions_moved = 0; // SessionMoved between its commit and the next change (or the end)
  MembershipSnapshot begun, committed, ended;
};

class MembershipMetrics final : public Recorder {
 public:
  explicit MembershipMetrics(models::Time warmup_ns) : warmup_ns_(warmup_ns) {}
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;

  // The operator's side: a change starts (returns its index), sends a request, gives up.
  std::size_t begin_change(models::Time now_ns, std::string kind, std::string label, double planned_factor);
  void add_request(std::size_t change, std::uint64_t request_id);
  void abandon(std::size_t change, std::string reason);
  // Closes the last change's window at the end of the run; call once before reading.
  void finish(models::Time end_ns);

  const std::vector<MembershipChangeRecord>& changes() const { return changes_; }
  // Successful write completions in time order, for the stall around each change.
  const std::vector<models::Time>& write_times() const { return write_times_; }
  // Whether any write was issued or completed in [from, to]: without, a gap is no stall.
  bool writes_wanted(models::Time from_ns, models::Time to_ns) const;
  // The longest gap between successive successful writes that overlaps [from, to].
  models::Time longest_write_gap_ns(models::Time from_ns, models::Time to_ns) const;
  const MembershipSnapshot& warmup_snapshot() const { return warmup_; }

 private:
  void on_reconfig(models::Time time_ns, const models::ReconfigEvent& e);
  void on_completed(models::Time time_ns, const models::RequestCompleted& r);
  MembershipSnapshot snapshot(models::Time now_ns) const;

  models::Time warmup_ns_;
  std::map<models::NodeId, models::NodeId> session_server_;  // client -> server
  std::map<models::NodeId, std::uint64_t> served_;
  std::uint64_t reads_ok_ = 0, writes_ok_ = 0;
  double write_latency_ns_sum_ = 0;
  std::vector<models::Time> write_times_;
  std::vector<models::Time> write_issue_times_;  // in time order, as observed
  MembershipSnapshot warmup_;
  bool warmup_taken_ = false;
  std::vector<MembershipChangeRecord> changes_;
  std::map<std::uint64_t, std::size_t> change_of_request_;
  std::map<std::uint64_t, std::size_t> change_of_version_;
};

}  // namespace analysis
