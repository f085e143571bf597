#pragma once
// What a server keeps on disk (ZooKeeper's data directory, FileTxnSnapLog): its epochs, its dynamic
// configuration, its snapshot files and its transaction log files, and the operations that change
// them. The runtime applies a batch of operations to the durable copy only when the fsync (or the
// disk task, core/effects.hpp) covering them completes, so a crash loses exactly what was not yet
// written; a restarted server is rebuilt from this state alone.
//
// Files are kept in compact form, so that a run of days holds what ZooKeeper holds and no more: a
// snapshot file is its zxid and size, and only the newest one's content is kept (the serialized
// tree, opaque here: models/datatree makes it); a log file is its first and last zxid, its number
// of transactions and its bytes. The transactions themselves are held (`log`) only while the
// server may still read them back: every one after the newest snapshot, which a restart replays,
// and those a DIFF from disk may still send. The server says when the others go (CompactLog).
#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "models/core/configuration.hpp"
#include "models/core/ids.hpp"
#include "models/core/txn.hpp"

namespace models {

// The content of a snapshot file: a serialized data tree. Core only carries it (a durable state, a
// SNAP message); the data tree layer makes and reads it.
class SnapshotImage {
 public:
  virtual ~SnapshotImage() = default;
  virtual std::uint64_t size_bytes() const = 0;
};

struct SnapshotFile {
  Zxid zxid = 0;  // the file's name, snapshot.<zxid>: the last transaction the tree had applied
  std::uint64_t size_bytes = 0;
  bool operator==(const SnapshotFile&) const = default;
};

// ZooKeeper preallocates a log file 64 MiB at a time (FilePadding, zookeeper.preAllocSize), so a
// file's length on disk, what a DIFF from disk is measured by, is its content rounded up to that.
constexpr std::uint64_t kLogPreallocBytes = 64ull << 20;

struct LogFile {
  Zxid first_zxid = 0;  // the file's name, log.<zxid>
  Zxid last_zxid = 0;
  std::uint64_t txns = 0;
  std::uint64_t content_bytes = 0;
  // FilePadding.calculateFileSizeWithPadding: the file grows by a whole preallocation whenever
  // what is written comes within 4 KiB of its end.
  std::uint64_t length_bytes() const { return (content_bytes + 4096) / kLogPreallocBytes * kLogPreallocBytes + kLogPreallocBytes; }
  bool operator==(const LogFile&) const = default;
};

// The data directory's file list (what FileTxnSnapLog finds by listing it), without contents.
struct DataFiles {
  std::vector<SnapshotFile> snapshots;  // oldest first
  std::vector<LogFile> logs;            // oldest first; the last one is written to unless rolled
  bool rolled = true;                   // the next append opens a new log file (rollLog)
  bool operator==(const DataFiles&) const = default;

  const SnapshotFile* newest_snapshot() const { return snapshots.empty() ? nullptr : &snapshots.back(); }
  Zxid newest_snapshot_zxid() const { return snapshots.empty() ? 0 : snapshots.back().zxid; }
  // The last zxid the directory holds: the last logged one, or the newest snapshot's if later.
  Zxid last_zxid() const;
  // FileTxnIterator(zxid): a read from zxid starts in the last file named at or before it (it may
  // hold later transactions) and goes on through every later one. The index of that first file.
  std::size_t first_file_read_from(Zxid zxid) const;
  // Bytes a replay of every transaction after zxid reads (whole files, from their start).
  std::uint64_t content_bytes_from(Zxid zxid) const;
  // Their length on disk (getStorageSize, preallocation included).
  std::uint64_t length_bytes_from(Zxid zxid) const;
  std::uint64_t total_length_bytes() const;
  std::uint64_t total_snapshot_bytes() const;

  void append(Zxid zxid, std::uint64_t bytes);
  // Drops the logged transactions above zxid; `removed` are those held in full (above zxid), whose
  // bytes leave their files. Files entirely above zxid go.
  template <typename It>
  void truncate_after(Zxid zxid, It removed_first, It removed_last);
  // PurgeTxnLog.purgeOlderSnapshots: removes the snapshots older than zxid and the log files
  // named before it, except the last of those (it may hold transactions after zxid). Returns the
  // first zxid a kept log file may hold (transactions before it are gone from the disk).
  Zxid purge_before(Zxid zxid);
};

struct PersistentState {
  Epoch accepted_epoch = 0;  // ZooKeeper's acceptedEpoch file
  Epoch current_epoch = 0;   // ZooKeeper's currentEpoch file
  DataFiles files;
  std::shared_ptr<const SnapshotImage> image;  // the newest snapshot's content (null: none)
  // The logged transactions held in full, in zxid order: a suffix of what the log files hold.
  std::vector<Txn> log;
  Zxid log_base = 0;  // the last logged transaction no longer held in full (0: none)
  // The last configuration activated (ZooKeeper's dynamic config file); empty until the first
  // reconfig, when the server's static configuration is in force.
  Configuration config;
  // The newest configuration this server logged a reconfig proposal of (ZooKeeper's dynamic.next
  // file, read back as its lastSeenQuorumVerifier): a restart knows of a reconfig it may not have
  // seen committed even when the transaction is inside a snapshot, which counts as committed.
  Configuration next_config;
  Zxid last_zxid() const { return files.last_zxid(); }
};

struct AppendTxn { Txn txn; };
struct RollLog {};                          // the next transaction opens a new log file
struct TruncateAfter { Zxid zxid = 0; };  // drop every logged transaction above zxid
struct SetAcceptedEpoch { Epoch epoch = 0; };
struct SetCurrentEpoch { Epoch epoch = 0; };
// A snapshot file is complete. One installed from a leader's SNAP replaces the log as well (the
// learner's older log files are of no further use: everything in them is older than the tree).
struct SaveSnapshot {
  SnapshotFile file;
  std::shared_ptr<const SnapshotImage> image;
  bool replaces_log = false;
};
struct SetConfiguration { Configuration config; };      // a reconfig was activated
struct SetNextConfiguration { Configuration config; };  // a reconfig proposal was logged
// The server will not read the transactions up to zxid back (files stay: only their contents
// leave memory).
struct CompactLog { Zxid zxid = 0; };
struct PurgeBefore { Zxid zxid = 0; };  // DataFiles::purge_before: autopurge removed old files
using StorageOp = std::variant<AppendTxn, RollLog, TruncateAfter, SetAcceptedEpoch, SetCurrentEpoch, SaveSnapshot,
                               SetConfiguration, SetNextConfiguration, CompactLog, PurgeBefore>;

void apply(PersistentState& state, const StorageOp& op);
// Bytes written to the disk by an operation: what the disk model charges for.
std::uint64_t storage_bytes(const StorageOp& op);
// Drops every transaction of `log` with a zxid <= zxid (a vector or a deque, in zxid order);
// returns the zxid of the last one dropped (0: none).
template <typename Log>
Zxid drop_upto(Log& log, Zxid zxid);

// ---- templates ----------------------------------------------------------------------------------

template <typename It>
void DataFiles::truncate_after(Zxid zxid, It removed_first, It removed_last) {
  for (It it = removed_first; it != removed_last; ++it) {
    for (std::size_t i = logs.size(); i-- > 0;) {
      if (logs[i].first_zxid > it->zxid) continue;
      logs[i].txns -= 1;
      logs[i].content_bytes -= txn_wire_bytes(*it);
      break;
    }
  }
  while (!logs.empty() && logs.back().first_zxid > zxid) logs.pop_back();
  if (!logs.empty() && logs.back().last_zxid > zxid) logs.back().last_zxid = zxid;
}

template <typename Log>
Zxid drop_upto(Log& log, Zxid zxid) {
  std::size_t n = 0;
  while (n < log.size() && log[n].zxid <= zxid) ++n;
  const Zxid last = n == 0 ? 0 : log[n - 1].zxid;
  log.erase(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(n));
  return last;
}

}  // namespace models
