#pragma once
// The watches one server holds for the clients connected to it (ZooKeeper's WatchManager, one for
// data watches and one for child watches). Watches are not replicated: a client's watches live on
// the server it registered them with, and go when its connection there goes. Each fires at most
// once (one-shot): triggering removes it.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/datatree/data_tree.hpp"

namespace models {

class WatchManager {
 public:
  // getData and exists leave a data watch; getChildren a child watch.
  void watch_data(const std::string& path, NodeId client);
  void watch_children(const std::string& path, NodeId client);
  // The connection is gone: its watches with it.
  void remove_client(NodeId client);
  void clear();
  // The watchers one change triggers, each once even if it watched both ways; they are removed.
  std::vector<NodeId> trigger(const TreeEvent& event);

  std::size_t size() const { return by_client_.size(); }
  bool watching(NodeId client) const { return by_client_.count(client) != 0; }
  void check_invariants() const;

 private:
  enum class Kind : std::uint8_t { data, children };
  using Table = std::map<std::string, std::set<NodeId>>;
  void add(Kind kind, const std::string& path, NodeId client);
  void take(Kind kind, const std::string& path, std::set<NodeId>& fired);
  Table& table(Kind kind) { return kind == Kind::data ? data_ : children_; }

  Table data_;
  Table children_;
  std::map<NodeId, std::set<std::pair<Kind, std::string>>> by_client_;  // for remove_client
};

}  // namespace models
