#pragma once
// What the clients saw of each fault event (report section `faults`): one record per crash,
// power-off, restart, freeze and partition, in time order, with the longest pause of successful
// writes and of successful reads around it (completion_gaps.hpp), how many clients lost their
// connection, when the last of them was connected again, and what the sessions lost: how many the
// ensemble expired (the leader's closeSession applied, SessionClosed), the ephemeral znodes that
// went with them, how many clients learnt that their session had expired (from a server or by
// Curator's own judgement, SessionExpired) and the watches those sessions held; and the expiry
// storm, the most expiries within one second (expiry_storm.hpp), per fault and over the run.
//
// The faults come from what the runtimes record where they carry them out: ProcessStopped (silent:
// a power-off, else a crash), ProcessStarted of a stopped process, or a stop and a start at the
// same instant (a restart), ProcessPaused (a freeze), NetworkPartitioned. A first start is no fault.
//
// The clients' side comes from their own observations. Clients do not report a lost connection by
// itself, so a client counts as having lost it at the first sign the stream gives: a request that
// failed with connection_loss (what was in flight when the connection went, or a call made while
// disconnected), a SessionExpired, or, for a client that had nothing in flight, a SessionEstablished
// while it still looked connected (its loss and its reconnection are then the same instant). A
// loss counts for the latest fault at or before it: fault i owns the losses and expiries of
// [t_i, t_i+1) (the next fault's time, or the end of the run), however late the clients notice
// (after a power-off, only their read timeout tells them). A session moved by rebalancing closes
// its connection too and counts in the same way when it happens in a fault's window.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/metrics/completion_gaps.hpp"
#include "analysis/metrics/expiry_storm.hpp"
#include "analysis/recorder.hpp"

namespace analysis {

// The settle window after a fault within which a starting gap still counts as the fault's.
constexpr models::Time kFaultSettleNs = models::kSecond;

enum class FaultKind : std::uint8_t { crash, power_off, restart, freeze, partition };
const char* fault_kind_name(FaultKind kind);

struct FaultRecord {
  FaultKind kind = FaultKind::crash;
  models::NodeId node = models::kNoNode;  // the process it stopped, started or paused (none: a partition)
  std::string target;                     // "server 3", "app server 1", "{1,2} | {3}, clients with {3}"
  models::Time at_ns = 0;                 // when the runtime carried it out
  models::Time duration_ns = 0;           // a freeze's pause
  CompletionGap write_gap, read_gap;
  std::uint64_t clients_disconnected = 0;     // distinct clients whose loss counts for this fault
  std::uint64_t clients_not_reconnected = 0;  // of those, still disconnected at the end of the run
  std::optional<models::Time> last_reconnected_ns;  // when the last of them was connected again
  std::uint64_t sessions_expired = 0;     // by the ensemble
  std::uint64_t ephemerals_deleted = 0;   // with those sessions
  std::uint64_t expiries_seen_by_clients = 0;
  std::uint64_t watches_lost = 0;         // held by the sessions their clients saw expire
  ExpiryStorm expiry_storm;               // of the sessions the ensemble expired
};

class FaultMetrics final : public Recorder {
 public:
  explicit FaultMetrics(models::Time settle_ns = kFaultSettleNs) : writes_(settle_ns), reads_(settle_ns), settle_ns_(settle_ns) {}
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;
  // Closes the open gaps and counts the clients still away at end_ns; call once before reading.
  void finish(models::Time end_ns);

  const std::vector<FaultRecord>& faults() const { return faults_; }
  // Every expiry of the run, fault or none.
  const ExpiryStorm& expiry_storm() const { return expiry_storm_; }
  std::uint64_t sessions_expired() const { return sessions_expired_; }
  models::Time settle_ns() const { return settle_ns_; }

 private:
  struct ClientState {
    bool connected = false;  // since its last SessionEstablished, with no sign of a loss since
    bool away = false;       // lost, waiting to be connected again
    std::size_t lost_for = SIZE_MAX;        // the fault its current loss counts for (none: before any)
    std::size_t counted_for = SIZE_MAX;     // the last fault that counted it
  };
  void add_fault(models::Time time_ns, FaultKind kind, models::NodeId node, std::string target);
  void on_stopped(models::Time time_ns, models::NodeId node, bool silent);
  void on_started(models::Time time_ns, models::NodeId node);
  void on_completed(models::Time time_ns, models::NodeId client, const models::RequestCompleted& r);
  void on_established(models::Time time_ns, models::NodeId client);
  void on_told_expired(models::Time time_ns, models::NodeId client, const models::SessionExpired& e);
  void on_closed(models::Time time_ns, const models::SessionClosed& c);
  void lose(models::Time time_ns, models::NodeId client);
  void reconnect(models::Time time_ns, ClientState& c);

  CompletionGaps writes_, reads_;
  models::Time settle_ns_;
  std::vector<FaultRecord> faults_;
  std::vector<std::uint64_t> away_;       // per fault: its clients not connected again yet
  std::set<models::NodeId> stopped_;  // processes stopped by a fault, until they start again
  std::map<models::NodeId, ClientState> clients_;
  ExpiryStorm expiry_storm_;
  std::uint64_t sessions_expired_ = 0;
  bool finished_ = false;
};

}  // namespace analysis
