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

// The new list replaces the connect string the client's strategy walks on later reconnects.
void Client::adopt_servers(std::vector<NodeId> servers) {
  strategy_->set_members(balancing::equal_members(servers), rng_);
  config_.servers = std::move(servers);
}

Effects Client::set_strategy(Time now, const std::string& name, const balancing::StrategyOptions& options) {
  Effects out;
  balancing::MadeStrategy made = balancing::make_strategy(name, options);
  assert(made.strategy && "the scenario validates strategy names");
  config_.strategy = name;
  config_.strategy_options = options;
  strategy_ = std::move(made.strategy);
  adopt_servers(config_.servers);
  if (!connected_) return out;  // the next connection attempt uses the new strategy
  const NodeId target = pick_server(now);  // attempt 0: a connected client has no failed attempts
  if (target != server_) move_session(now, target, out);
  return out;
}

void Client::rebalance(Time now, Effects& out) {
  if (next_servers_.empty()) return;
  std::vector<NodeId> old_servers = config_.servers;
  std::sort(old_servers.begin(), old_servers.end());
  std::vector<NodeId> next = std::move(next_servers_);
  next_servers_.clear();
  const bool placed = connected_ && std::binary_search(old_servers.begin(), old_servers.end(), server_);
  if (!config_.rebalance || !placed) {  // nothing to move: the next connection uses the new list
    adopt_servers(std::move(next));
    return;
  }
  const NodeId target = balancing::zk_rebalance_target(old_servers, next, server_, rng_);
  adopt_servers(std::move(next));
  if (target != server_) move_session(now, target, out);
}

}  // namespace models
