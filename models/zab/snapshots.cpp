// A server's log files and snapshots over a long run (SyncRequestProcessor, ZKDatabase,
// ZooKeeperServer.takeSnapshot, DatadirCleanupManager, PurgeTxnLog): the log rolls to a new file
// and a fuzzy snapshot of the tree is written in the background every snapCount transactions or
// so, each server drawing its own threshold; autopurge removes old files; and the server keeps in
// memory only the log it may still need, so that its memory stays bounded however long it runs.
#include <algorithm>
#include <cassert>

#include "models/zab/peer.hpp"

namespace models::zab {

void ZabPeer::persist(StorageOp op, Effects& out) {
  if (const auto* append = std::get_if<AppendTxn>(&op)) {
    files_.append(append->txn.zxid, txn_wire_bytes(append->txn));
  } else if (std::holds_alternative<RollLog>(op)) {
    files_.rolled = true;
  } else if (const auto* truncate = std::get_if<TruncateAfter>(&op)) {
    const auto first = history_.txns().begin() + static_cast<std::ptrdiff_t>(history_.upper_index(truncate->zxid));
    files_.truncate_after(truncate->zxid, first, history_.txns().end());
  }
  out.persist.push_back(std::move(op));
}

// SyncRequestProcessor.run: each transaction it appends counts towards the next roll.
void ZabPeer::log_txn(Time now, const Txn& txn, Effects& out) {
  persist(AppendTxn{txn}, out);
  if (txn.config && txn.config->version > last_seen_config_.version) {  // QuorumPeer.setLastSeenQuorumVerifier
    last_seen_config_ = *txn.config;
    persist(SetNextConfiguration{last_seen_config_}, out);
  }
  ++logged_since_roll_;
  maybe_snapshot(now, out);
}

void ZabPeer::draw_snapshot_thresholds() {
  const SnapshotSettings& s = config_.snapshots;
  rand_roll_ = rng_.uniform_u64(std::max<std::uint64_t>(s.snap_count / 2, 1));
  rand_size_ = s.snap_size_limit_bytes > 0 ? rng_.uniform_u64(std::max<std::uint64_t>(s.snap_size_limit_bytes / 2, 1)) : 0;
}

// shouldSnapshot: the log rolls, and a snapshot thread starts unless one still runs ("Too busy to
// snap, skipping"). The snapshot is of the tree as it stands (fuzzy in ZooKeeper: a thread walks
// the live tree; here the tree at the last transaction applied), named by that transaction.
void ZabPeer::maybe_snapshot(Time now, Effects& out) {
  const SnapshotSettings& s = config_.snapshots;
  const std::uint64_t log_length = files_.rolled || files_.logs.empty() ? 0 : files_.logs.back().length_bytes();
  const bool by_count = logged_since_roll_ > s.snap_count / 2 + rand_roll_;
  const bool by_size = s.snap_size_limit_bytes > 0 && log_length > s.snap_size_limit_bytes / 2 + rand_size_;
  if (!by_count && !by_size) return;
  draw_snapshot_thresholds();
  logged_since_roll_ = 0;
  persist(RollLog{}, out);
  if (snapshotting_) return;
  snapshotting_ = true;
  SaveSnapshot saved = snapshot_of_tree(false);
  const std::uint64_t bytes = saved.file.size_bytes;
  const CompactLog compact{durable_compaction_point(saved.file.zxid, bytes)};
  begin_data_work(now, DiskTask::Kind::background_snapshot, bytes, out, {std::move(saved), compact});
}

SaveSnapshot ZabPeer::snapshot_of_tree(bool replaces_log) const {
  return SaveSnapshot{SnapshotFile{applied_zxid_, tree_.snapshot_bytes()}, tree_.image(), replaces_log};
}

// What the disk copy of the log must still hold in full once a snapshot at snapshot_zxid is
// written: every transaction after it (a restart replays them), and those a DIFF from disk may
// send (the newest log files whose length stays under snapshotSizeFactor of the snapshot).
Zxid ZabPeer::durable_compaction_point(Zxid snapshot_zxid, std::uint64_t snapshot_bytes) const {
  const double factor = config_.snapshots.snapshot_size_factor;
  if (factor < 0) return snapshot_zxid;
  const auto limit = static_cast<std::uint64_t>(static_cast<double>(snapshot_bytes) * factor);
  std::uint64_t length = 0;
  std::size_t first = files_.logs.size();
  while (first > 0 && length + files_.logs[first - 1].length_bytes() <= limit) length += files_.logs[--first].length_bytes();
  if (first == files_.logs.size()) return snapshot_zxid;
  return std::min(snapshot_zxid, files_.logs[first].first_zxid - 1);
}

// What this process keeps of its log in memory: what the disk copy keeps, the committed log a
// learner is synchronized from (commitLogCount transactions), and whatever is not yet committed,
// delivered, applied or scanned for reconfigs.
void ZabPeer::compact() {
  const SnapshotFile* snapshot = files_.newest_snapshot();
  if (snapshot == nullptr) return;
  Zxid upto = durable_compaction_point(snapshot->zxid, snapshot->size_bytes);
  const std::size_t window_start = committed_log().first;
  upto = std::min(upto, window_start == 0 ? history_.base_zxid() : history_.at(window_start - 1).zxid);
  upto = std::min({upto, history_.committed_zxid(), applied_zxid_, config_scanned_zxid_});
  if (synced_) upto = std::min(upto, delivered_zxid_);
  history_.compact_upto(upto);
}

// DatadirCleanupManager's timer, every purgeInterval from the start: PurgeTxnLog.purge keeps the
// snapRetainCount newest snapshots and the logs they need. The files go at once (a purge costs
// no modelled time); what they held leaves memory with them.
void ZabPeer::on_purge_timer(Time now, Effects& out) {
  out.set_timer(kPurge, now + config_.snapshots.purge_interval_ns);
  const std::vector<SnapshotFile>& snapshots = files_.snapshots;
  if (snapshots.empty()) return;
  const std::size_t retain = std::max<std::uint32_t>(config_.snapshots.snap_retain_count, 3);
  const Zxid least = snapshots[snapshots.size() - std::min(retain, snapshots.size())].zxid;
  DataFiles after = files_;
  after.purge_before(least);
  const std::uint64_t freed = files_.total_snapshot_bytes() + files_.total_length_bytes() - after.total_snapshot_bytes() -
                              after.total_length_bytes();
  begin_data_work(now, DiskTask::Kind::purge, 0, out, {PurgeBefore{least}});
  data_work_[static_cast<std::size_t>(DiskTask::Lane::background)].back().bytes = freed;  // observed, not priced
}

}  // namespace models::zab
