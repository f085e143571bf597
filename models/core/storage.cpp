#include "models/core/storage.hpp"

#include <algorithm>
#include <cassert>

namespace models {

Zxid DataFiles::last_zxid() const {
  Zxid last = snapshots.empty() ? 0 : snapshots.back().zxid;
  for (auto it = logs.rbegin(); it != logs.rend(); ++it)
    if (it->txns > 0) return std::max(last, it->last_zxid);
  return last;
}

std::size_t DataFiles::first_file_read_from(Zxid zxid) const {
  std::size_t first = logs.size();
  while (first > 0 && logs[first - 1].first_zxid > zxid) --first;
  return first == 0 ? 0 : first - 1;
}

std::uint64_t DataFiles::content_bytes_from(Zxid zxid) const {
  std::uint64_t bytes = 0;
  for (std::size_t i = first_file_read_from(zxid + 1); i < logs.size(); ++i) bytes += logs[i].content_bytes;
  return bytes;
}

std::uint64_t DataFiles::length_bytes_from(Zxid zxid) const {
  std::uint64_t bytes = 0;
  for (std::size_t i = first_file_read_from(zxid); i < logs.size(); ++i) bytes += logs[i].length_bytes();
  return bytes;
}

std::uint64_t DataFiles::total_length_bytes() const {
  std::uint64_t bytes = 0;
  for (const LogFile& f : logs) bytes += f.length_bytes();
  return bytes;
}

std::uint64_t DataFiles::total_snapshot_bytes() const {
  std::uint64_t bytes = 0;
  for (const SnapshotFile& s : snapshots) bytes += s.size_bytes;
  return bytes;
}

void DataFiles::append(Zxid zxid, std::uint64_t bytes) {
  assert(logs.empty() || zxid > logs.back().last_zxid || logs.back().txns == 0);
  if (rolled || logs.empty()) logs.push_back(LogFile{zxid, zxid, 0, 0});
  rolled = false;
  LogFile& file = logs.back();
  file.last_zxid = zxid;
  file.txns += 1;
  file.content_bytes += bytes;
}

Zxid DataFiles::purge_before(Zxid zxid) {
  snapshots.erase(std::remove_if(snapshots.begin(), snapshots.end(), [zxid](const SnapshotFile& s) { return s.zxid < zxid; }),
                  snapshots.end());
  // getSnapshotLogs(zxid): the last file named at or before zxid is kept with every later one.
  const std::size_t keep = first_file_read_from(zxid);
  logs.erase(logs.begin(), logs.begin() + static_cast<std::ptrdiff_t>(std::min(keep, logs.size())));
  return logs.empty() ? zxid : logs.front().first_zxid;
}

namespace {
struct Applier {
  PersistentState& state;
  void operator()(const AppendTxn& op) {
    // Past the last logged transaction; not necessarily past the newest snapshot, which a TRUNC
    // below it leaves in place (ZabPeer::reload_tree_upto).
    assert(state.log.empty() || op.txn.zxid > state.log.back().zxid);
    state.files.append(op.txn.zxid, txn_wire_bytes(op.txn));
    state.log.push_back(op.txn);
  }
  void operator()(const RollLog&) { state.files.rolled = true; }
  void operator()(const TruncateAfter& op) {
    auto first = std::upper_bound(state.log.begin(), state.log.end(), op.zxid,
                                  [](Zxid z, const Txn& txn) { return z < txn.zxid; });
    state.files.truncate_after(op.zxid, first, state.log.end());
    state.log.erase(first, state.log.end());
    // A truncated proposal was never committed: its configuration is no longer one to count with.
    if (state.next_config.version > op.zxid) state.next_config = Configuration{};
  }
  void operator()(const SetAcceptedEpoch& op) { state.accepted_epoch = op.epoch; }
  void operator()(const SetCurrentEpoch& op) { state.current_epoch = op.epoch; }
  void operator()(const SaveSnapshot& op) {
    if (op.replaces_log) {
      state.files = DataFiles{};
      state.log.clear();
      state.log_base = op.file.zxid;
      if (state.next_config.version > op.file.zxid) state.next_config = Configuration{};  // its proposal is gone
    }
    state.files.snapshots.push_back(op.file);
    state.image = op.image;
  }
  void operator()(const SetConfiguration& op) {
    if (op.config.version >= state.config.version) state.config = op.config;
  }
  void operator()(const SetNextConfiguration& op) {
    if (op.config.version >= state.next_config.version) state.next_config = op.config;
  }
  void operator()(const CompactLog& op) { drop(op.zxid); }
  void operator()(const PurgeBefore& op) {
    const Zxid kept = state.files.purge_before(op.zxid);
    if (kept > 0) drop(kept - 1);
  }
  void drop(Zxid zxid) { state.log_base = std::max(state.log_base, drop_upto(state.log, zxid)); }
};
struct Sizer {
  std::uint64_t operator()(const AppendTxn& op) const { return txn_wire_bytes(op.txn); }
  std::uint64_t operator()(const RollLog&) const { return 0; }
  std::uint64_t operator()(const TruncateAfter&) const { return 0; }
  std::uint64_t operator()(const SetAcceptedEpoch&) const { return 8; }
  std::uint64_t operator()(const SetCurrentEpoch&) const { return 8; }
  std::uint64_t operator()(const SaveSnapshot& op) const { return op.file.size_bytes; }
  std::uint64_t operator()(const SetConfiguration& op) const { return op.config.wire_bytes(); }
  std::uint64_t operator()(const SetNextConfiguration& op) const { return op.config.wire_bytes(); }
  std::uint64_t operator()(const CompactLog&) const { return 0; }
  std::uint64_t operator()(const PurgeBefore&) const { return 0; }
};
}  // namespace

void apply(PersistentState& state, const StorageOp& op) { std::visit(Applier{state}, op); }

std::uint64_t storage_bytes(const StorageOp& op) { return std::visit(Sizer{}, op); }

}  // namespace models
