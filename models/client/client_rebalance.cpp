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

void Client::set_strategy_object(std::unique_ptr<balancing::Strategy> strategy) {
  strategy_ = std::move(strategy);
  host_provider_ = dynamic_cast<balancing::ZkHostProvider*>(strategy_.get());
}

// The new list replaces the connect string the client's strategy walks on later reconnects.
void Client::adopt_servers(std::vector<NodeId> servers) {
  strategy_->set_members(balancing::weighted_members(servers, config_.strategy_options.weights), rng_);
  config_.servers = std::move(servers);
}

Effects Client::set_strategy(Time now, const std::string& name, const balancing::StrategyOptions& options) {
  Effects out;
  balancing::MadeStrategy made = balancing::make_strategy(name, options);
  assert(made.strategy && "the scenario validates strategy names");
  config_.strategy = name;
  config_.strategy_options = options;
  set_strategy_object(std::move(made.strategy));
  adopt_servers(config_.servers);
  if (!connected_) return out;  // the next connection attempt uses the new strategy
  const NodeId target = pick_server(now);  // attempt 0: a connected client has no failed attempts
  if (target != server_) move_session(now, target, MoveCause::strategy, out);
  else if (host_provider_) host_provider_->on_connected();  // its first pick is where we are
  return out;
}

void Client::rebalance(Time now, Effects& out) {
  if (next_servers_.empty()) return;
  std::vector<NodeId> next = std::move(next_servers_);
  next_servers_.clear();
  if (host_provider_) return update_host_provider(now, std::move(next), out);
  std::vector<NodeId> old_servers = config_.servers;
  std::sort(old_servers.begin(), old_servers.end());
  const bool placed = connected_ && std::binary_search(old_servers.begin(), old_servers.end(), server_);
  if (!config_.rebalance || !placed) {  // nothing to move: the next connection uses the new list
    adopt_servers(std::move(next));
    return;
  }
  const NodeId target = balancing::zk_rebalance_target(old_servers, next, server_, rng_);
  adopt_servers(std::move(next));
  if (target != server_) move_session(now, target, MoveCause::rebalance, out);
}

// ZooKeeper.updateServerList: hostProvider.updateServerList(list, the connected socket's remote
// address), and when it says to move, clientCnxnSocket.testableCloseSocket(): java then goes
// through its ordinary reconnect (cleanup's pause, next() in reconfigMode, startConnect's random
// sleep); the C library's update_addrs closes the socket and the IO thread connects at once to
// get_next_server_in_reconfig's choice. With rebalance off the provider still learns the list
// (and its reconfigMode shapes the next reconnect), but the client keeps its connection.
void Client::update_host_provider(Time now, std::vector<NodeId> servers, Effects& out) {
  strategy_->set_members(balancing::weighted_members(servers, config_.strategy_options.weights), rng_);
  const bool must_move = host_provider_->reconfig_mode();
  config_.servers = std::move(servers);
  if (!must_move || !connected_ || !config_.rebalance) return;
  if (config_.library == ClientLibrary::c) return move_session(now, pick_server(now), MoveCause::rebalance, out);
  moving_for_ = MoveCause::rebalance;
  out.send(server_, CloseConnection{});
  on_connection_failed(now, out);
}

}  // namespace models
