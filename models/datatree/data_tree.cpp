#include "models/datatree/data_tree.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "models/core/rng.hpp"

namespace models {

namespace {
const std::string kRoot = "/";
const std::string kKeyedParent = "/k";  // the workload's znodes /k/<key> live under it

std::uint64_t name_bytes(const std::string& path) { return path.size() - path.rfind('/') - 1; }

// Keys up to this bound are indexed (the workload's are 0 .. keys - 1); a path such as
// /k/99999999999 that a scenario names itself is found by hashing, as any other path.
constexpr std::uint64_t kIndexedKeys = 1u << 22;

// The key of a path exactly as keyed_path writes it, or kIndexedKeys for any other path.
std::uint64_t indexed_key(const std::string& path) {
  const std::size_t digits = path.size() - std::min<std::size_t>(path.size(), 3);
  if (digits == 0 || digits > 7 || path.compare(0, 3, "/k/") != 0 || (path[3] == '0' && digits > 1)) return kIndexedKeys;
  std::uint64_t key = 0;
  for (std::size_t i = 3; i < path.size(); ++i) {
    if (path[i] < '0' || path[i] > '9') return kIndexedKeys;
    key = key * 10 + static_cast<std::uint64_t>(path[i] - '0');
  }
  return std::min(key, kIndexedKeys);
}
}  // namespace

std::string parent_path(const std::string& path) {
  assert(!path.empty() && path.front() == '/' && path != kRoot);
  const std::size_t slash = path.rfind('/');
  return slash == 0 ? kRoot : path.substr(0, slash);
}

std::string sequential_name(const std::string& path, std::int32_t cversion) {
  assert(cversion >= 0);
  const std::string digits = std::to_string(cversion);
  return path + std::string(10 - digits.size(), '0') + digits;
}

const char* value_sizes_name(ValueSizes::Kind kind) {
  switch (kind) {
    case ValueSizes::Kind::fixed: return "fixed";
    case ValueSizes::Kind::uniform: return "uniform";
    case ValueSizes::Kind::exponential: return "exponential";
  }
  return "?";
}

namespace {
constexpr std::uint64_t kBulkStream = 0xb01c'0000'0000ull;
constexpr double kMaxValueBytes = 1 << 20;  // jute.maxbuffer

std::uint32_t draw_size(const ValueSizes& sizes, Rng& rng) {
  double bytes = sizes.a;
  if (sizes.kind == ValueSizes::Kind::uniform) bytes = sizes.a + (sizes.b - sizes.a) * rng.uniform01();
  if (sizes.kind == ValueSizes::Kind::exponential) bytes = rng.exponential(sizes.a);
  return static_cast<std::uint32_t>(std::llround(std::clamp(bytes, 0.0, kMaxValueBytes)));
}
}  // namespace

BulkLayer::BulkLayer(const InitialData& spec) : spec_(spec) {
  Rng rng = Rng::for_stream(spec.seed, kBulkStream);
  nodes_.resize(spec.znodes);
  for (std::uint64_t i = 0; i < spec.znodes; ++i) {
    nodes_[i] = Znode{draw_size(spec.sizes, rng), 0, 0, 0, 0, 0, spec.zxid, spec.zxid};
    data_bytes_ += nodes_[i].data_bytes;
    name_bytes_ += std::to_string(i).size();
  }
}

std::uint64_t BulkLayer::index_of(const std::string& path) const {
  constexpr std::size_t prefix = 6;  // "/data/"
  const std::size_t digits = path.size() > prefix ? path.size() - prefix : 0;
  if (digits == 0 || digits > 19 || path.compare(0, prefix, "/data/") != 0 || (path[prefix] == '0' && digits > 1))
    return count();
  std::uint64_t index = 0;
  for (std::size_t i = prefix; i < path.size(); ++i) {
    if (path[i] < '0' || path[i] > '9') return count();
    index = index * 10 + static_cast<std::uint64_t>(path[i] - '0');
    if (index >= count()) return count();
  }
  return index;
}

DataTree::DataTree() { nodes_.emplace(kRoot, Znode{}); }

DataTree::DataTree(std::shared_ptr<const BulkLayer> bulk) : DataTree() {
  bulk_ = std::move(bulk);
  if (!bulk_) return;
  const Zxid zxid = bulk_->spec().zxid;
  const auto count = static_cast<std::uint32_t>(std::min<std::uint64_t>(bulk_->count(), INT32_MAX));
  Znode& root = nodes_.at(kRoot);
  root.children = 1;
  root.cversion = 1;
  root.pzxid = zxid;
  root.children_name_bytes = name_bytes(BulkLayer::kParent);
  nodes_.emplace(BulkLayer::kParent, Znode{0, 0, static_cast<std::int32_t>(count), 0, count, bulk_->name_bytes(), zxid, zxid});
  data_bytes_ = bulk_->data_bytes();
}

const Znode* DataTree::find(const std::string& path) const {
  if (const std::uint64_t key = indexed_key(path); key < kIndexedKeys) return keyed_node(key);
  auto it = nodes_.find(path);
  if (it != nodes_.end()) return &it->second;
  return bulk_ ? find_bulk(path) : nullptr;
}

const Znode* DataTree::find_bulk(const std::string& path) const {
  const std::uint64_t index = bulk_->index_of(path);
  if (index >= bulk_->count() || bulk_removed_.count(index)) return nullptr;
  return &bulk_->node(index);
}

// A bulk znode not yet removed is not in nodes_ (moving it there removes it from the layer).
void DataTree::materialize(const std::string& path) {
  if (!bulk_) return;
  const std::uint64_t index = bulk_->index_of(path);
  if (index >= bulk_->count() || !bulk_removed_.insert(index).second) return;
  nodes_.emplace(path, bulk_->node(index));
}

const Znode* DataTree::find(const Op& op) const {
  if (!op.path.empty() || op.key >= kIndexedKeys) return find(path_of(op));
  return keyed_node(op.key);
}

const Znode* DataTree::keyed_node(std::uint64_t key) const {
  const auto& index = keyed_index();
  return key < index.size() ? index[key] : nullptr;
}

Time DataTree::session_timeout_ns(SessionId session) const {
  auto it = sessions_.find(session);
  return it == sessions_.end() ? 0 : it->second;
}

std::vector<std::string> DataTree::ephemerals(SessionId session) const {
  auto it = ephemerals_.find(session);
  if (it == ephemerals_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

const std::vector<const Znode*>& DataTree::keyed_index() const {
  if (!keyed_.valid) {
    keyed_.valid = true;
    for (const auto& [path, node] : nodes_) index_keyed(path, &node);
  }
  return keyed_.by_key;
}

void DataTree::index_keyed(const std::string& path, const Znode* node) const {
  const std::uint64_t key = indexed_key(path);
  if (key >= kIndexedKeys || !keyed_.valid) return;
  if (keyed_.by_key.size() <= key) {
    if (!node) return;
    keyed_.by_key.resize(key + 1);
  }
  keyed_.by_key[key] = node;
}

std::vector<std::string> DataTree::children(const std::string& path) const {
  const std::string prefix = path == kRoot ? kRoot : path + "/";
  std::vector<std::string> names;
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix); ++it) {
    const std::string rest = it->first.substr(prefix.size());
    if (!rest.empty() && rest.find('/') == std::string::npos) names.push_back(rest);
  }
  if (bulk_ && path == BulkLayer::kParent) {
    for (std::uint64_t i = 0; i < bulk_->count(); ++i)
      if (!bulk_removed_.count(i)) names.push_back(std::to_string(i));
    std::sort(names.begin(), names.end());
  }
  return names;
}

std::uint32_t DataTree::value_bytes(std::uint64_t key) const {
  Op op;
  op.key = key;
  const Znode* node = find(op);
  return node ? node->data_bytes : 0;
}

std::uint64_t DataTree::snapshot_bytes() const {
  return data_bytes_ + kZnodeOverheadBytes * nodes() + kSessionBytes * sessions_.size();
}

bool DataTree::operator==(const DataTree& other) const {
  const bool same_bulk = bulk_ == other.bulk_ || (bulk_ && other.bulk_ && bulk_->spec() == other.bulk_->spec());
  return same_bulk && bulk_removed_ == other.bulk_removed_ && nodes_ == other.nodes_ && sessions_ == other.sessions_ &&
         ephemerals_ == other.ephemerals_ && data_bytes_ == other.data_bytes_;
}

std::shared_ptr<const SnapshotImage> DataTree::image() const { return std::make_shared<const TreeImage>(*this); }

DataTree DataTree::from_image(const std::shared_ptr<const SnapshotImage>& image) {
  if (!image) return DataTree();
  assert(dynamic_cast<const TreeImage*>(image.get()) != nullptr);
  return static_cast<const TreeImage&>(*image).tree();
}

DataTree::Contents DataTree::contents() const { return Contents{nodes_, sessions_, bulk_, bulk_removed_}; }

DataTree::DataTree(Contents contents)
    : nodes_(std::move(contents.nodes)),
      sessions_(std::move(contents.sessions)),
      bulk_(std::move(contents.bulk)),
      bulk_removed_(std::move(contents.bulk_removed)) {
  keyed_.valid = false;  // rebuilt at the first lookup
  if (bulk_) {
    data_bytes_ = bulk_->data_bytes();
    for (std::uint64_t index : bulk_removed_) data_bytes_ -= bulk_->node(index).data_bytes;
  }
  for (const auto& [path, node] : nodes_) {
    data_bytes_ += node.data_bytes;
    if (node.ephemeral_owner != 0) ephemerals_[node.ephemeral_owner].insert(path);
  }
}

// ---- prepare: the leader's checks (PrepRequestProcessor) --------------------------------------

void DataTree::prepare(Txn& txn) const {
  txn.status = Status::ok;
  txn.version = -1;
  const Op& op = txn.op;
  assert(kind_of(op.code, op.kind) == OpKind::write);
  if (op.code == OpCode::create_session) return;  // ids are unique: the leader makes them so
  if (!has_session(txn.session)) {  // closed already, or expired while the request travelled
    txn.status = Status::session_expired;
    return;
  }
  if (op.code == OpCode::close_session) return;
  const std::string path = path_of(op);
  if (op.code == OpCode::create) {
    std::string name = path;
    const Znode* parent = path == kRoot ? nullptr : find(parent_path(path));
    if ((op.flags & kSequential) && parent) name = sequential_name(path, parent->cversion);
    txn.status = check_create(txn, name);
    if (txn.status == Status::ok && name != path) txn.op.path = name;
    txn.version = 0;
  } else if (op.code == OpCode::remove) {
    txn.status = check_remove(path, op.expected_version);
  } else {
    assert(op.code == OpCode::data);
    txn.status = check_set(op, path);
    const Znode* node = find(path);
    txn.version = node ? node->version + 1 : 0;
  }
}

Status DataTree::check_create(const Txn&, const std::string& path) const {
  if (path == kRoot || find(path)) return Status::node_exists;
  const Znode* parent = find(parent_path(path));
  if (!parent) return Status::no_node;
  if (parent->ephemeral_owner != 0) return Status::no_children_for_ephemerals;
  return Status::ok;
}

Status DataTree::check_remove(const std::string& path, std::int32_t expected_version) const {
  const Znode* node = find(path);
  if (!node) return Status::no_node;
  if (expected_version != kAnyVersion && expected_version != node->version) return Status::bad_version;
  // The root cannot go; ZooKeeper says BadArguments, the nearest code here is not_empty.
  if (node->children > 0 || path == kRoot) return Status::not_empty;
  return Status::ok;
}

// The workload's keyed setData creates its znode on first use (an upsert); a named one must exist.
Status DataTree::check_set(const Op& op, const std::string& path) const {
  const Znode* node = find(path);
  if (!node) return op.path.empty() ? Status::ok : Status::no_node;
  if (op.expected_version != kAnyVersion && op.expected_version != node->version) return Status::bad_version;
  return Status::ok;
}

// ---- apply: every server (FinalRequestProcessor -> DataTree.processTxn) -----------------------
// On a replica that holds the committed history, a prepared transaction always fits. One that
// does not fit means the replica diverged (only the deliberate protocol bugs do that, and the
// checkers report it); like ZooKeeper's processTxn, which catches NoNode / NodeExists there, the
// change is then skipped, so that the tree stays well formed.

void DataTree::apply(const Txn& txn, std::vector<TreeEvent>* events) {
  if (txn.status != Status::ok) return;
  const Op& op = txn.op;
  switch (op.code) {
    case OpCode::create_session: sessions_[txn.session] = txn.session_timeout_ns; return;
    case OpCode::close_session: return close_session(txn.session, txn.zxid, events);
    case OpCode::create: {
      const std::string path = path_of(op);
      const Znode* parent = path == kRoot ? nullptr : find(parent_path(path));
      if (find(path) || !parent || parent->ephemeral_owner != 0) return;
      return create(path, op.value_bytes, (op.flags & kEphemeral) ? txn.session : 0, txn.zxid, events);
    }
    case OpCode::remove: {
      const std::string path = path_of(op);
      const Znode* node = find(path);
      if (!node || node->children > 0 || path == kRoot) return;
      return remove(path, txn.zxid, events);
    }
    case OpCode::data:
      assert(op.kind == OpKind::write);
      return set(txn, path_of(op), events);
    case OpCode::exists:
    case OpCode::children: break;
  }
  assert(false && "a read is never a transaction");
}

void DataTree::create(const std::string& path, std::uint32_t data_bytes, SessionId owner, Zxid zxid,
                      std::vector<TreeEvent>* events) {
  const std::string parent = parent_path(path);
  materialize(parent);
  Znode& up = nodes_.at(parent);  // checked: the parent exists
  ++up.children;
  ++up.cversion;
  up.pzxid = zxid;
  up.children_name_bytes += name_bytes(path);
  const auto [it, inserted] = nodes_.emplace(path, Znode{data_bytes, 0, 0, owner, 0, 0, zxid, zxid});
  assert(inserted);
  index_keyed(path, &it->second);
  if (owner != 0) ephemerals_[owner].insert(path);
  data_bytes_ += data_bytes;
  if (!events) return;
  events->push_back({zxid, WatchEventType::created, path});
  events->push_back({zxid, WatchEventType::children_changed, parent});
}

void DataTree::remove(const std::string& path, Zxid zxid, std::vector<TreeEvent>* events) {
  materialize(path);
  auto it = nodes_.find(path);
  assert(it != nodes_.end() && it->second.children == 0);
  const std::string parent = parent_path(path);
  if (const SessionId owner = it->second.ephemeral_owner; owner != 0) {
    auto owned = ephemerals_.find(owner);
    owned->second.erase(path);
    if (owned->second.empty()) ephemerals_.erase(owned);
  }
  assert(data_bytes_ >= it->second.data_bytes);
  data_bytes_ -= it->second.data_bytes;
  index_keyed(path, nullptr);  // first: path may be the key erased next
  nodes_.erase(it);
  materialize(parent);
  Znode& up = nodes_.at(parent);
  --up.children;
  ++up.cversion;
  up.pzxid = zxid;
  up.children_name_bytes -= name_bytes(path);
  if (!events) return;
  events->push_back({zxid, WatchEventType::deleted, path});
  events->push_back({zxid, WatchEventType::children_changed, parent});
}

void DataTree::set(const Txn& txn, const std::string& path, std::vector<TreeEvent>* events) {
  materialize(path);
  auto* node = const_cast<Znode*>(find(path));  // the tree's own znode, through its index
  if (!node) {  // the keyed upsert: /k first if need be
    if (!txn.op.path.empty()) return;  // diverged: see apply
    if (!find(kKeyedParent)) create(kKeyedParent, 0, 0, txn.zxid, events);
    create(path, txn.op.value_bytes, 0, txn.zxid, events);
    nodes_.at(path).version = txn.version;  // 0, unless diverged
    return;
  }
  data_bytes_ = data_bytes_ - node->data_bytes + txn.op.value_bytes;
  node->data_bytes = txn.op.value_bytes;
  node->version = txn.version;
  node->mzxid = txn.zxid;
  if (events) events->push_back({txn.zxid, WatchEventType::data_changed, path});
}

// DataTree.killSession: the session's ephemeral znodes go with it.
void DataTree::close_session(SessionId session, Zxid zxid, std::vector<TreeEvent>* events) {
  for (const std::string& path : ephemerals(session)) remove(path, zxid, events);
  assert(!ephemerals_.count(session));
  sessions_.erase(session);
}

DataTree DataTree::replay(const std::vector<Txn>& txns, std::size_t count) {
  assert(count <= txns.size());
  DataTree tree;
  for (std::size_t i = 0; i < count; ++i) tree.apply(txns[i]);
  return tree;
}

// Linear in the tree: for tests and debugging, not for every step.
void DataTree::check_invariants() const {
  std::map<std::string, std::uint32_t> children;
  std::uint64_t data = 0;
  if (bulk_) {
    for (std::uint64_t i = 0; i < bulk_->count(); ++i) {
      if (bulk_removed_.count(i)) continue;
      data += bulk_->node(i).data_bytes;
      ++children[BulkLayer::kParent];
      assert(!nodes_.count(BulkLayer::kParent + std::string("/") + std::to_string(i)));
    }
  }
  for (const auto& [path, node] : nodes_) {
    data += node.data_bytes;
    if (path != kRoot) ++children[parent_path(path)];
    if (node.ephemeral_owner != 0) {
      assert(node.children == 0);
      assert(ephemerals_.count(node.ephemeral_owner) && ephemerals_.at(node.ephemeral_owner).count(path));
    }
  }
  for (const auto& [path, node] : nodes_) assert(node.children == children[path]);
  assert(data == data_bytes_);
  for (const auto& [session, paths] : ephemerals_) {
    assert(!paths.empty());
    assert(sessions_.count(session));
    for (const std::string& path : paths) assert(find(path) && find(path)->ephemeral_owner == session);
  }
}

}  // namespace models
