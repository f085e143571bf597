#pragma once
// ZooKeeper's DataTree as far as the simulator needs it: znodes with data (only its size is kept),
// a data version and a child version, ephemeral owners, and the table of live sessions with their
// timeouts (which ZooKeeper keeps beside the tree in ZKDatabase and snapshots with it). Reads are
// answered from it, and its size is what a SNAP costs on the network and the disk.
//
// A write is applied in two steps, as ZooKeeper does: the leader prepares it against the state all
// its earlier proposals will have produced (status, final name of a sequential znode, resulting
// version) and every server then applies the prepared transaction, which cannot fail. Applying
// reports the changes that trigger watches; the watches themselves belong to each server
// (watch_manager.hpp), not to the replicated tree.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "models/core/messages.hpp"
#include "models/core/storage.hpp"
#include "models/core/txn.hpp"

namespace models {

struct Znode {
  std::uint32_t data_bytes = 0;
  std::int32_t version = 0;   // setData count
  std::int32_t cversion = 0;  // children created and deleted: the sequence of sequential names
  SessionId ephemeral_owner = 0;
  std::uint32_t children = 0;
  std::uint64_t children_name_bytes = 0;  // what a getChildren reply carries
  Zxid mzxid = 0;  // the last change of the znode itself (create, setData)
  Zxid pzxid = 0;  // the last change of its children (create, delete): what setWatches compares
  bool operator==(const Znode&) const = default;
};

// The sizes of the values of a block of initial znodes: every one the same (fixed: a), uniform in
// [a, b], or exponential of mean a; drawn per znode from the seed, capped at ZooKeeper's 1 MiB
// jute.maxbuffer.
struct ValueSizes {
  enum class Kind : std::uint8_t { fixed, uniform, exponential };
  Kind kind = Kind::fixed;
  double a = 1024;
  double b = 0;
  double mean() const { return kind == Kind::uniform ? (a + b) / 2 : a; }
  bool operator==(const ValueSizes&) const = default;
};
const char* value_sizes_name(ValueSizes::Kind kind);

// The data a scenario starts its ensemble with, without the writes that built it: `znodes`
// children of /data (named 0, 1, ...), last changed by transaction `zxid`.
struct InitialData {
  std::uint64_t znodes = 0;
  ValueSizes sizes;
  std::uint64_t seed = 0;
  Zxid zxid = 0;
  bool operator==(const InitialData&) const = default;
};

// Those znodes, made once and shared, immutable, by every tree that holds them (every server's
// tree, the leader's tree of proposals, every snapshot): a copy of a tree copies only what
// changed since. A change to one of them moves it into the changing tree's own map.
class BulkLayer {
 public:
  static constexpr const char* kParent = "/data";
  explicit BulkLayer(const InitialData& spec);
  const InitialData& spec() const { return spec_; }
  std::uint64_t count() const { return nodes_.size(); }
  const Znode& node(std::uint64_t index) const { return nodes_[index]; }
  std::uint64_t data_bytes() const { return data_bytes_; }
  std::uint64_t name_bytes() const { return name_bytes_; }
  // The index of a path /data/<i> written as the layer names it; count() for any other path.
  std::uint64_t index_of(const std::string& path) const;

 private:
  InitialData spec_;
  std::vector<Znode> nodes_;
  std::uint64_t data_bytes_ = 0;
  std::uint64_t name_bytes_ = 0;
};

// A change that may trigger watches: created / deleted / data_changed on the znode, or
// children_changed on a parent.
struct TreeEvent {
  Zxid zxid = 0;
  WatchEventType type = WatchEventType::created;
  std::string path;
};

class DataTree {
 public:
  // A znode's fixed cost in a serialized snapshot (path, stat, ACL reference), beside its data.
  static constexpr std::uint64_t kZnodeOverheadBytes = 100;
  static constexpr std::uint64_t kSessionBytes = 12;

  DataTree();
  // A tree holding the initial data (and the root and /data it hangs from).
  explicit DataTree(std::shared_ptr<const BulkLayer> bulk);
  // The leader's half: decides txn.status, the final path of a sequential create and txn.version
  // from this tree's state, without changing it.
  void prepare(Txn& txn) const;
  // Every server's half: applies a prepared transaction (an error transaction changes nothing),
  // appending the watch-triggering changes to events if given.
  void apply(const Txn& txn, std::vector<TreeEvent>* events = nullptr);
  void clear() { *this = DataTree(); }

  const Znode* find(const std::string& path) const;
  // The znode an operation names: find(path_of(op)), without writing out a keyed path.
  const Znode* find(const Op& op) const;
  std::vector<std::string> children(const std::string& path) const;  // names, sorted
  bool has_session(SessionId session) const { return sessions_.count(session) != 0; }
  Time session_timeout_ns(SessionId session) const;
  const std::map<SessionId, Time>& sessions() const { return sessions_; }
  std::vector<std::string> ephemerals(SessionId session) const;

  // The keyed znode's data size (0 when absent): the workload's reads.
  std::uint32_t value_bytes(std::uint64_t key) const;
  // The size of the tree serialized (a snapshot file, a SNAP): constant time.
  std::uint64_t snapshot_bytes() const;
  std::size_t nodes() const { return nodes_.size() + (bulk_ ? bulk_->count() - bulk_removed_.size() : 0); }
  bool operator==(const DataTree& other) const;

  // A snapshot of this tree (FileSnap.serialize): an immutable copy, shared by the snapshot file,
  // a SNAP and every tree later loaded from it.
  std::shared_ptr<const SnapshotImage> image() const;
  // The tree a snapshot holds (the empty tree for none).
  static DataTree from_image(const std::shared_ptr<const SnapshotImage>& image);

  // What a trace writes out to rebuild the tree: the znodes held one by one (the bulk layer's are
  // described by its spec, those of its changed or removed by `bulk_removed`), and the sessions.
  struct Contents {
    std::map<std::string, Znode> nodes;
    std::map<SessionId, Time> sessions;
    std::shared_ptr<const BulkLayer> bulk;
    std::set<std::uint64_t> bulk_removed;
  };
  Contents contents() const;
  explicit DataTree(Contents contents);

  // The tree that applying txns[0, count) to an empty tree gives.
  static DataTree replay(const std::vector<Txn>& txns, std::size_t count);
  void check_invariants() const;

 private:
  Status check_create(const Txn& txn, const std::string& path) const;
  Status check_remove(const std::string& path, std::int32_t expected_version) const;
  Status check_set(const Op& op, const std::string& path) const;
  void create(const std::string& path, std::uint32_t data_bytes, SessionId owner, Zxid zxid,
              std::vector<TreeEvent>* events);
  void remove(const std::string& path, Zxid zxid, std::vector<TreeEvent>* events);
  void set(const Txn& txn, const std::string& path, std::vector<TreeEvent>* events);
  void close_session(SessionId session, Zxid zxid, std::vector<TreeEvent>* events);
  // A znode of the bulk layer about to change moves into nodes_ (no-op for any other path).
  void materialize(const std::string& path);
  const Znode* find_bulk(const std::string& path) const;

  std::map<std::string, Znode> nodes_;  // by full path; "/" is the root
  // The workload's keyed znodes (/k/<key>), by key: every read looks one up, and finding it by
  // its path in a 10,000-key tree was 5% of a long canonical run (a hashed map did no better: its
  // cache misses). It points into nodes_, so a copy of the tree starts without it and rebuilds it
  // at its first lookup.
  struct KeyedIndex {
    std::vector<const Znode*> by_key;
    bool valid = true;
    KeyedIndex() = default;
    KeyedIndex(const KeyedIndex&) : valid(false) {}
    KeyedIndex& operator=(const KeyedIndex&) {
      by_key.clear();
      valid = false;
      return *this;
    }
    KeyedIndex(KeyedIndex&&) = default;  // nodes_ hands its nodes over: the pointers stay right
    KeyedIndex& operator=(KeyedIndex&&) = default;
  };
  mutable KeyedIndex keyed_;
  void index_keyed(const std::string& path, const Znode* node) const;
  const std::vector<const Znode*>& keyed_index() const;
  const Znode* keyed_node(std::uint64_t key) const;  // an indexed key's znode, or null
  std::map<SessionId, Time> sessions_;  // live sessions and their timeouts
  std::map<SessionId, std::set<std::string>> ephemerals_;
  std::uint64_t data_bytes_ = 0;
  std::shared_ptr<const BulkLayer> bulk_;     // the initial data, if any
  std::set<std::uint64_t> bulk_removed_;      // its znodes deleted, or moved into nodes_
};

// The snapshot image models/core carries: a data tree, frozen.
class TreeImage final : public SnapshotImage {
 public:
  explicit TreeImage(DataTree tree) : tree_(std::move(tree)), size_bytes_(tree_.snapshot_bytes()) {}
  const DataTree& tree() const { return tree_; }
  std::uint64_t size_bytes() const override { return size_bytes_; }

 private:
  DataTree tree_;
  std::uint64_t size_bytes_;
};

// "/a/b" -> "/a"; "/a" -> "/".
std::string parent_path(const std::string& path);
// The name a sequential create gets: the path followed by the parent's cversion on ten digits.
std::string sequential_name(const std::string& path, std::int32_t cversion);

}  // namespace models
