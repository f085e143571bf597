// A server's database read back from its data directory (ZKDatabase.loadDataBase,
// fastForwardDataBase, truncateLog): the newest snapshot, then the logged transactions after it.
// The reading costs time (disk tasks the runtime prices from the bytes and the host); the state
// it gives is made here.
#include <algorithm>
#include <cassert>

#include "models/zab/peer.hpp"

namespace models::zab {

namespace {
DataWorkDone::Kind work_kind(DiskTask::Kind kind) {
  switch (kind) {
    case DiskTask::Kind::load_database: return DataWorkDone::Kind::load_database;
    case DiskTask::Kind::write_snapshot: return DataWorkDone::Kind::write_snapshot;
    case DiskTask::Kind::restore_database: return DataWorkDone::Kind::restore_database;
    case DiskTask::Kind::background_snapshot: return DataWorkDone::Kind::background_snapshot;
    case DiskTask::Kind::purge: return DataWorkDone::Kind::purge;
  }
  return DataWorkDone::Kind::restore_database;
}
}  // namespace

void ZabPeer::begin_data_work(Time now, DiskTask::Kind kind, std::uint64_t bytes, Effects& out,
                              std::vector<StorageOp> durable) {
  data_work_[static_cast<std::size_t>(DiskTask::lane_of(kind))].push_back(DataWork{kind, bytes, now, applied_zxid_, durable});
  out.start_disk_task(kind, bytes, std::move(durable));
}

ZabPeer::DataWork ZabPeer::end_data_work(DiskTask::Kind kind, Effects& out) {
  auto& lane = data_work_[static_cast<std::size_t>(DiskTask::lane_of(kind))];
  assert(!lane.empty() && lane.front().kind == kind);
  DataWork work = std::move(lane.front());
  lane.pop_front();
  out.observe_that(DataWorkDone{work_kind(kind), work.bytes, work.started_ns, work.zxid});
  return work;
}

// The task's operations are durable now: the files are what the disk holds.
void ZabPeer::follow_durable(const StorageOp& op) {
  if (const auto* saved = std::get_if<SaveSnapshot>(&op)) {
    if (saved->replaces_log) files_ = DataFiles{};
    files_.snapshots.push_back(saved->file);
    image_ = saved->image;
  } else if (const auto* purge = std::get_if<PurgeBefore>(&op)) {
    files_.purge_before(purge->zxid);
  }
}

void ZabPeer::on_disk_done(Time now, DiskTask::Kind kind, Effects& out) {
  const DataWork work = end_data_work(kind, out);
  for (const StorageOp& op : work.durable) follow_durable(op);
  switch (kind) {
    case DiskTask::Kind::write_snapshot:
      if (role_ == Role::leading && leader_->phase == LeaderPhase::loading) on_leader_loaded(now, out);
      else if (learner_ && learner_->blocked) on_learner_disk_done(now, kind, out);
      break;
    case DiskTask::Kind::restore_database:  // a learner's reload after TRUNC (the process's own: the server's)
      if (learner_ && learner_->blocked) on_learner_disk_done(now, kind, out);
      break;
    case DiskTask::Kind::background_snapshot:
      snapshotting_ = false;
      compact();
      break;
    case DiskTask::Kind::purge: compact(); break;
    case DiskTask::Kind::load_database: break;
  }
}

std::uint64_t ZabPeer::restore_bytes() const {
  const SnapshotFile* snapshot = files_.newest_snapshot();
  const Zxid from = snapshot ? snapshot->zxid : 0;
  return (snapshot ? snapshot->size_bytes : 0) + files_.content_bytes_from(from);
}

// fastForwardDataBase reads from the log file holding the tree's next transaction (from its
// start); a leader's database is reloaded whole (the validation's logs show `Reading snapshot`).
std::uint64_t ZabPeer::read_back_at_role_end(bool reload) {
  const std::uint64_t bytes = reload ? restore_bytes() : files_.content_bytes_from(applied_zxid_);
  fast_forward_tree();
  return bytes;
}

// Every held transaction after the tree's last one is applied to it, committed or not, as
// ZooKeeper's replay of its log does. Nobody is connected: no watch fires.
void ZabPeer::fast_forward_tree() {
  assert(applied_zxid_ >= history_.base_zxid() || applied_zxid_ == history_.last_zxid());
  for (std::size_t i = history_.upper_index(applied_zxid_); i < history_.size(); ++i) tree_.apply(history_.at(i));
  applied_zxid_ = history_.last_zxid();
}

// ZKDatabase.truncateLog: the tree is cleared and loaded again from the newest snapshot and the
// (now truncated) log, then Learner.syncWithLeader sets its last processed zxid to the leader's.
// A snapshot newer than zxid (the one a server elected but never established wrote at its start,
// ZooKeeperServer.loadData, holding proposals the TRUNC removes) is loaded all the same:
// FileTxnSnapLog.truncateLog truncates the log only. The learner's data then keeps transactions no
// quorum committed, under the leader's zxid, as ZooKeeper 3.8's does; the probe counts it (the
// safety checker follows zxids, not data; sim/check/README.md).
void ZabPeer::reload_tree_upto(Zxid zxid, Effects& out) {
  const Zxid snapshot_zxid = files_.newest_snapshot_zxid();
  tree_ = DataTree::from_image(image_);
  if (snapshot_zxid > zxid) {
    out.observe_that(ProbeReached{Probe::trunc_below_snapshot});
    applied_zxid_ = tree_base_zxid_ = zxid;
    return;
  }
  tree_base_zxid_ = snapshot_zxid;
  for (std::size_t i = history_.upper_index(snapshot_zxid); i < history_.size() && history_.at(i).zxid <= zxid; ++i)
    tree_.apply(history_.at(i));
  applied_zxid_ = std::max(snapshot_zxid, std::min(zxid, history_.last_zxid()));
}

}  // namespace models::zab
