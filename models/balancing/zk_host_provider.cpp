#include "models/balancing/zk_host_provider.hpp"

#include <algorithm>
#include <cassert>

namespace models::balancing {

namespace {

std::vector<NodeId> ids_of(const std::vector<Member>& members) {
  std::vector<NodeId> ids;
  for (const Member& m : members) ids.push_back(m.id);
  return ids;
}

bool contains(const std::vector<NodeId>& list, NodeId id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

int index_in(const std::vector<NodeId>& list, NodeId id) {  // List.indexOf: -1 when absent
  const auto it = std::find(list.begin(), list.end(), id);
  return it == list.end() ? -1 : static_cast<int>(it - list.begin());
}

}  // namespace

// The constructor (init: shuffle once) on the first list; updateServerList on every later one,
// with the server the client is connected to as currentHost.
bool ZkHostProvider::on_members_changed(const std::vector<Member>&, Rng& rng) {
  const std::vector<NodeId> ids = ids_of(members());
  // Java refuses an empty list; a Strategy may have none (pick then returns kNoNode): start over.
  if (ids.empty()) {
    server_addresses_.clear();
    reconfig_mode_ = false;
    current_index_ = last_index_ = -1;
    connected_host_ = kNoNode;
    return false;
  }
  if (server_addresses_.empty()) {
    server_addresses_ = ids;
    rng.shuffle(server_addresses_);
    current_index_ = last_index_ = -1;
    return false;
  }
  return update_server_list(ids, connected_host_, rng);
}

// A pick is ClientCnxn's next(1000); the caller reads whether to sleep from last_pick_sleeps().
NodeId ZkHostProvider::choose(const PickContext&, Rng& rng) {
  const Next n = next(true, rng);
  last_pick_sleeps_ = n.sleep;
  return n.server;
}

// updateServerList: the pending target while migrating, else the connected server, else the
// server of the last successful connection (or the first of the list).
NodeId ZkHostProvider::current_server_for_update(NodeId current_host, Rng& rng) {
  NodeId my_server = current_host;
  if (reconfig_mode_) my_server = next(false, rng).server;
  if (my_server == kNoNode) my_server = server_addresses_[last_index_ >= 0 ? static_cast<std::size_t>(last_index_) : 0];
  return my_server;
}

void ZkHostProvider::split_old_and_new(const std::vector<NodeId>& shuffled) {
  old_servers_.clear();
  new_servers_.clear();
  for (NodeId id : shuffled) (contains(server_addresses_, id) ? old_servers_ : new_servers_).push_back(id);
}

// The ZOOKEEPER-1355 branch of updateServerList (reconfig_mode_ is already true): a growing
// ensemble moves a client on a kept server with probability 1 - |S|/|S'|, and one on a removed
// server always, to the new servers; a same-size or smaller one keeps a client on a kept server
// and sends one on a removed server to the old servers with pOld = |M| (|S| - |S'|) / (|S'| |O|).
void ZkHostProvider::set_probabilities(bool my_server_in_new_config, std::size_t new_size, Rng& rng) {
  const std::size_t old_size = server_addresses_.size();
  const std::size_t num_old = old_servers_.size();
  if (new_size > old_size) {
    if (my_server_in_new_config &&
        !(rng.uniform01() <= 1.0 - static_cast<double>(old_size) / static_cast<double>(new_size))) {
      reconfig_mode_ = false;  // stay with the current server
      return;
    }
    p_new_ = 1;
    p_old_ = 0;
  } else if (my_server_in_new_config) {
    reconfig_mode_ = false;
  } else {
    p_old_ = static_cast<double>(num_old * (old_size - new_size)) / static_cast<double>(new_size * (old_size - num_old));
    p_new_ = 1 - p_old_;
  }
}

bool ZkHostProvider::update_server_list(const std::vector<NodeId>& servers, NodeId current_host, Rng& rng) {
  std::vector<NodeId> shuffled = servers;
  rng.shuffle(shuffled);
  assert(!shuffled.empty() && "A HostProvider may not be empty!");
  const NodeId my_server = current_server_for_update(current_host, rng);
  const bool my_server_in_new_config = contains(shuffled, my_server);
  reconfig_mode_ = true;
  split_old_and_new(shuffled);
  set_probabilities(my_server_in_new_config, shuffled.size(), rng);
  // Staying: the round robin continues after the current server in the new order.
  current_index_ = reconfig_mode_ ? -1 : index_in(shuffled, server_at_current_index());
  server_addresses_ = std::move(shuffled);
  current_index_old_ = current_index_new_ = -1;
  last_index_ = current_index_;
  return reconfig_mode_;
}

// nextHostInReconfigMode: a new server with probability pNew (or when the old ones are all
// tried), else an old one; kNoNode once every server of both sets was tried.
NodeId ZkHostProvider::next_in_reconfig_mode(Rng& rng) {
  const bool take_new = rng.uniform01() <= p_new_;
  const int news = static_cast<int>(new_servers_.size()), olds = static_cast<int>(old_servers_.size());
  if (current_index_new_ + 1 < news && (take_new || current_index_old_ + 1 >= olds))
    return new_servers_[static_cast<std::size_t>(++current_index_new_)];
  if (current_index_old_ + 1 < olds) return old_servers_[static_cast<std::size_t>(++current_index_old_)];
  return kNoNode;
}

ZkHostProvider::Next ZkHostProvider::next(bool spin, Rng& rng) {
  bool need_to_sleep = false;
  if (reconfig_mode_) {
    const NodeId addr = next_in_reconfig_mode(rng);
    if (addr != kNoNode) {
      current_index_ = index_in(server_addresses_, addr);
      return {addr, false};
    }
    reconfig_mode_ = false;  // tried all servers and could not connect
    need_to_sleep = spin;
  }
  if (++current_index_ == static_cast<int>(server_addresses_.size())) current_index_ = 0;
  const NodeId addr = server_addresses_[static_cast<std::size_t>(current_index_)];
  need_to_sleep = need_to_sleep || (current_index_ == last_index_ && spin);
  if (last_index_ == -1) last_index_ = 0;  // no sleep on the first ever connect attempt
  return {addr, need_to_sleep};
}

void ZkHostProvider::on_connected() {
  last_index_ = current_index_;
  reconfig_mode_ = false;
  connected_host_ = server_at_current_index();
}

NodeId ZkHostProvider::server_at_index(int index) const {
  if (index < 0 || index >= static_cast<int>(server_addresses_.size())) return kNoNode;
  return server_addresses_[static_cast<std::size_t>(index)];
}

bool ZkHostProvider::at_end() const {
  return !reconfig_mode_ && current_index_ == static_cast<int>(server_addresses_.size()) - 1;
}

}  // namespace models::balancing
