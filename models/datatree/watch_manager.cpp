#include "models/datatree/watch_manager.hpp"

#include <cassert>

namespace models {

void WatchManager::watch_data(const std::string& path, NodeId client) { add(Kind::data, path, client); }

void WatchManager::watch_children(const std::string& path, NodeId client) { add(Kind::children, path, client); }

void WatchManager::add(Kind kind, const std::string& path, NodeId client) {
  table(kind)[path].insert(client);
  by_client_[client].insert({kind, path});
}

void WatchManager::remove_client(NodeId client) {
  auto it = by_client_.find(client);
  if (it == by_client_.end()) return;
  for (const auto& [kind, path] : it->second) {
    Table& t = table(kind);
    auto watched = t.find(path);
    watched->second.erase(client);
    if (watched->second.empty()) t.erase(watched);
  }
  by_client_.erase(it);
}

void WatchManager::clear() {
  data_.clear();
  children_.clear();
  by_client_.clear();
}

void WatchManager::take(Kind kind, const std::string& path, std::set<NodeId>& fired) {
  Table& t = table(kind);
  auto it = t.find(path);
  if (it == t.end()) return;
  for (NodeId client : it->second) {
    fired.insert(client);
    auto owned = by_client_.find(client);
    owned->second.erase({kind, path});
    if (owned->second.empty()) by_client_.erase(owned);
  }
  t.erase(it);
}

// NodeCreated and NodeDataChanged wake data watches; NodeChildrenChanged child watches; a deleted
// znode wakes both kinds on it (WatchManager.triggerWatch with the event's watcher types).
std::vector<NodeId> WatchManager::trigger(const TreeEvent& event) {
  std::set<NodeId> fired;
  switch (event.type) {
    case WatchEventType::created:
    case WatchEventType::data_changed: take(Kind::data, event.path, fired); break;
    case WatchEventType::children_changed: take(Kind::children, event.path, fired); break;
    case WatchEventType::deleted:
      take(Kind::data, event.path, fired);
      take(Kind::children, event.path, fired);
      break;
  }
  return {fired.begin(), fired.end()};
}

void WatchManager::check_invariants() const {
  std::size_t entries = 0;
  for (const auto& [client, watched] : by_client_) {
    assert(!watched.empty());
    entries += watched.size();
  }
  std::size_t in_tables = 0;
  for (const Table* t : {&data_, &children_})
    for (const auto& [path, clients] : *t) {
      assert(!clients.empty());
      in_tables += clients.size();
    }
  assert(entries == in_tables);
}

}  // namespace models
