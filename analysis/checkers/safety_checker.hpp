#pragma once
// The cluster-wide safety checker (TigerBeetle's state checker, for ZAB): it sees every
// observation of a run, in order, and checks incrementally that the ensemble keeps ZooKeeper's
// guarantees. It keeps the committed history (zxid -> client, cxid), one cursor per server, one
// small queue per client and one leader per epoch: nothing grows faster than the history itself.
//
// The checks, and what each observation means to them:
//  - LeaderEstablished{e}: at most one server per epoch e (the same server again is fine).
//  - TxnDelivered{z, client, cxid}, from any server in any state (agreement): if z was delivered
//    or acknowledged before, it carries the same (client, cxid); z may not be a zxid that the
//    committed history is known to skip.
//  - StateSynced{z}: the server's applied state is now exactly the committed history up to z, so
//    its "synced incarnation" starts with cursor z. z must be 0 or in the history; if z is beyond
//    every zxid delivered so far, the checker believes the server (a new leader may hold old-epoch
//    transactions nobody delivered yet) and marks the zxids between the old end and z as unknown,
//    see committed_history.hpp. Runtimes record a step's deliveries before its observations, so a
//    StateSynced describes the state after the deliveries of the same step.
//  - TxnDelivered by a synced server: the zxid must be the successor of its cursor in the history
//    (or greater than every known zxid, which extends the history; or a zxid inside an unknown
//    range, which is learned), and greater than the cursor. Otherwise: a gap, a fork or a zxid
//    not increasing.
//  - ProcessStarted / ProcessStopped (recorded by runtimes): a restarted server has rebuilt its
//    state from its durable log and snapshot, so it is unsynced (agreement checks only) until its
//    next StateSynced; a restarted client is a new session whose cxids start over.
//  - RequestCompleted{write, ok, z} (an acknowledged write): z must hold the client's (client,
//    cxid), and must keep holding it: a later delivery of something else at z, or the history
//    growing past z without it, or a synced server skipping z, is a lost acknowledged write.
//  - RequestCompleted (any): per client the cxids strictly increase; an ok completion may not
//    overtake a request the client issued (RequestIssued) earlier and that is still outstanding.
//    A failed completion of a request that was never issued (the client rejected it locally, its
//    queue being full) reached no server and is exempt.
// The checker keeps the first violation and counts all of them; after one it goes on with a
// state chosen to avoid cascades (the offending delivery becomes the server's cursor).
//
// Bounded memory over long runs: once the history has `window` entries more than every live
// synced server has delivered (or `window_max` entries in all), the oldest are folded into runs
// and block digests (committed_history.hpp). The checks go on over the folded part: a zxid is in
// the history or not (agreement of unsynced deliveries and syncs, gaps, zxids increasing) from the
// runs; a synced server delivering folded entries again is checked block by block against their
// digests (agreement, reported at the block's end); a write acknowledged after its entry was folded
// is checked against the zxid its entry had, kept while the client still waited for it.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "analysis/checkers/committed_history.hpp"
#include "analysis/checkers/violation.hpp"
#include "analysis/recorder.hpp"

namespace analysis {

// How much of the committed history the checker keeps entry by entry (see above).
struct SafetyCheckerOptions {
  std::size_t window = 1u << 16;      // entries kept beyond what every live synced server delivered
  std::size_t window_max = 1u << 20;  // entries kept whatever a stuck server has not delivered
  std::size_t block_entries = 4096;   // folded entries per digest block
};

class SafetyChecker final : public Recorder {
 public:
  using Callback = std::function<void(const Violation&)>;
  using Options = SafetyCheckerOptions;

  SafetyChecker() = default;
  explicit SafetyChecker(Options options) : options_(options) {}
  // on_first_violation runs once, when the first violation is found: a runtime can stop there.
  explicit SafetyChecker(Callback on_first_violation, Options options = {})
      : options_(options), on_first_violation_(std::move(on_first_violation)) {}

  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;

  bool violated() const { return first_.has_value(); }
  const std::optional<Violation>& first_violation() const { return first_; }
  std::uint64_t violation_count() const { return violations_; }
  std::uint64_t observations_seen() const { return position_; }
  const CommittedHistory& history() const { return history_; }
  // One line: the first violation described with its position, or "no violation in N observations".
  std::string summary() const;

 private:
  struct ServerCursor {
    bool synced = false;      // false before the first StateSynced and after a restart
    bool live = true;         // its process runs (a stopped one does not hold compaction back)
    models::Zxid cursor = 0;  // last zxid applied in the current synced incarnation
    // Delivering folded entries again: the block being summed (its last zxid; 0: none), the sum.
    models::Zxid block_last = 0;
    std::uint64_t block_digest = 0;
  };
  struct ClientOrder {
    bool completed_any = false;
    std::uint64_t last_completed_cxid = 0;
    std::deque<std::uint64_t> outstanding;  // issued, not completed, in issue order
  };
  struct Now {  // the observation being checked
    models::Time time_ns;
    models::NodeId node;
  };

  void on_leader_established(Now now, models::Epoch epoch);
  void on_delivered(Now now, const models::TxnDelivered& delivered);
  bool agrees(Now now, const models::TxnDelivered& delivered);
  void learn_unsynced(Now now, const models::TxnDelivered& delivered);
  void deliver_synced(Now now, ServerCursor& server, const models::TxnDelivered& delivered);
  void deliver_beyond_end(Now now, const models::TxnDelivered& delivered);
  void deliver_skipping(Now now, models::Zxid from, models::Zxid skipped, const models::TxnDelivered& delivered);
  void on_synced(Now now, models::Zxid zxid);
  void on_process_restarted(Now now, bool live);
  void deliver_folded(Now now, ServerCursor& server, const models::TxnDelivered& delivered);
  void maybe_compact();
  void check_folded_ack(Now now, const models::RequestCompleted& completed);
  void on_issued(Now now, const models::RequestIssued& issued);
  void on_completed(Now now, const models::RequestCompleted& completed);
  void check_client_order(Now now, const models::RequestCompleted& completed);
  void check_acknowledged(Now now, const models::RequestCompleted& completed);
  void report(Now now, ViolationKind kind, std::string message);

  Options options_;
  CommittedHistory history_;
  std::map<models::NodeId, ServerCursor> servers_;
  // Writes folded while their client still waited for the answer: client -> cxid -> zxid.
  std::map<models::NodeId, std::map<std::uint64_t, models::Zxid>> folded_awaiting_;
  std::set<models::Zxid> folded_unknown_;  // folded before anyone delivered them (rare)
  std::unordered_map<models::NodeId, ClientOrder> clients_;  // looked up per request, never iterated
  std::map<models::Epoch, models::NodeId> leaders_;  // one entry per epoch ever established
  std::uint64_t position_ = 0;  // index of the observation being checked
  std::uint64_t violations_ = 0;
  std::optional<Violation> first_;
  Callback on_first_violation_;
};

}  // namespace analysis
