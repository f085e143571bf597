// A client's reaction to a new configuration (ZooKeeper 3.5+ ZooKeeper.updateServerList with
// StaticHostProvider's ZOOKEEPER-1355 rebalance): after a random short delay it decides, with
// probabilities that even out the load while moving as few sessions as possible, whether to stay
// or to move its session to another server of the new list (models/balancing/zk_rebalance.hpp).
#include <algorithm>
#include <cassert>

#include "models/balancing/zk_rebalance.hpp"
#include "models/client/client.hpp"

namespace models {

void Client::on_config_changed(Time now, const ConfigChanged& changed, Effects& out) {
  if (changed.version <= config_version_ || changed.servers.empty()) return;  // old news
  config_version_ = changed.version;
  next_servers_ = changed.servers;
  const Time delay_ns = config_.rebalance ? rng_.uniform_int(0, config_.rebalance_delay_ns_max) : 0;
  out.set_timer(kRebalance, now + delay_ns);
}

// The new list replaces the connect string, reshuffled; the walk goes on from `next`.
void Client::adopt_servers(std::vector<NodeId> servers, NodeId next) {
  rng_.shuffle(servers);
  config_.servers = std::move(servers);
  auto it = std::find(config_.servers.begin(), config_.servers.end(), next);
  next_server_index_ = it == config_.servers.end() ? 0 : static_cast<std::size_t>(it - config_.servers.begin());
}

void Client::rebalance(Time now, Effects& out) {
  if (next_servers_.empty()) return;
  std::vector<NodeId> old_servers = config_.servers;
  std::sort(old_servers.begin(), old_servers.end());
  std::vector<NodeId> next = std::move(next_servers_);
  next_servers_.clear();
  const bool placed = connected_ && std::binary_search(old_servers.begin(), old_servers.end(), server_);
  if (!config_.rebalance || !placed) {  // nothing to move: the next connection uses the new list
    adopt_servers(std::move(next), kNoNode);
    if (placed) next_server_index_ = 0;
    return;
  }
  const NodeId target = balancing::zk_rebalance_target(old_servers, next, server_, rng_);
  adopt_servers(std::move(next), target);
  if (target == server_) {
    ++next_server_index_;  // a later reconnect goes on after the current server
    return;
  }
  // The session moves: the old connection is closed (what was in flight fails, as on any
  // connection loss) and the session reconnects to the chosen server.
  out.observe_that(SessionMoved{server_, target});
  out.send(server_, CloseConnection{});
  fail_in_flight(out);
  failed_attempts_ = 0;
  connect(now, out);
  assert(server_ == target);
}

}  // namespace models
