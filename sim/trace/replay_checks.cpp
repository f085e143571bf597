#include "sim/trace/replay_checks.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "models/balancing/registry.hpp"
#include "models/client/app_ids.hpp"
#include "sim/trace/codec.hpp"
#include "sim/trace/decode_error.hpp"

namespace sim::trace {

namespace {

using models::NodeId;
using ojson = nlohmann::ordered_json;

// The scenario loader's bounds, in the units the configs carry.
constexpr models::Time kTickNsMax = models::ms(600'000);
constexpr int kLimitTicksMax = 1000;
constexpr models::Time kSessionTimeoutNsMax = models::ms(3'600'000);
constexpr models::Time kTimeNsMax = models::sec(86400LL * 30);
constexpr double kRateMax = 1e9;
constexpr std::uint64_t kKeysMax = 100'000'000;

[[noreturn]] void refuse(const std::string& what) { throw DecodeError(what); }

std::string node_name(NodeId id) { return "node " + std::to_string(id); }

bool sorted_unique(const std::vector<NodeId>& ids) {
  return std::adjacent_find(ids.begin(), ids.end(), [](NodeId a, NodeId b) { return a >= b; }) == ids.end();
}

std::set<NodeId> server_ids(const NodeConfigs& configs) {
  std::set<NodeId> ids;
  for (const auto& s : configs.servers) ids.insert(s.id);
  return ids;
}

void check_members(const std::vector<NodeId>& voters, const std::vector<NodeId>& observers,
                   const std::set<NodeId>& servers, const std::string& where) {
  if (voters.empty()) refuse(where + ": no voters");
  if (!sorted_unique(voters) || !sorted_unique(observers)) refuse(where + ": voters and observers must be sorted, each once");
  for (const auto* list : {&voters, &observers})
    for (NodeId id : *list)
      if (!servers.count(id)) refuse(where + ": member " + std::to_string(id) + " is not a server of the header");
  for (NodeId id : observers)
    if (std::binary_search(voters.begin(), voters.end(), id)) refuse(where + ": " + std::to_string(id) + " both votes and observes");
}

void check_strategy(const std::string& name, const models::balancing::StrategyOptions& options, const std::string& where) {
  const models::balancing::MadeStrategy made = models::balancing::make_strategy(name, options);
  if (!made.strategy) refuse(where + ": strategy \"" + name + "\": " + made.error);
}

void check_client(const models::ClientConfig& c, const std::set<NodeId>& servers, const std::string& where) {
  if (!models::is_client(c.id)) refuse(where + ": id " + std::to_string(c.id) + " is not a client id");
  if (c.servers.empty()) refuse(where + ": no servers to connect to");
  for (NodeId id : c.servers)
    if (!servers.count(id)) refuse(where + ": server " + std::to_string(id) + " is not a server of the header");
  if (c.session_timeout_ns <= 0 || c.session_timeout_ns > kSessionTimeoutNsMax) refuse(where + ": session timeout out of range");
  if (c.max_queued == 0 || c.start_ns < 0 || c.start_ns > kTimeNsMax || c.spin_delay_ns < 0 ||
      c.spin_delay_ns > kTimeNsMax || c.rebalance_delay_ns_max < 0 || c.rebalance_delay_ns_max > kTimeNsMax)
    refuse(where + ": a queue bound or a time out of range");
  check_strategy(c.strategy, c.strategy_options, where);
}

void check_workload(const models::WorkloadSpec& w) {
  const bool ok = std::isfinite(w.rate_per_s) && w.rate_per_s >= 0 && w.rate_per_s <= kRateMax && w.outstanding >= 1 &&
                  w.read_ratio >= 0 && w.read_ratio <= 1 && w.keys >= 1 && w.keys <= kKeysMax && std::isfinite(w.zipf_s) &&
                  w.zipf_s >= 0 && w.zipf_s <= 10;
  if (!ok) refuse("client_workload: a value out of range");
}

void check_service_path(const std::string& path, const std::string& where) {
  if (path.size() < 2 || path.front() != '/' || path.back() == '/' || path.find("//") != std::string::npos)
    refuse(where + ": service path \"" + path + "\" is not a znode path");
}

void check_servers(const NodeConfigs& configs, const std::set<NodeId>& servers) {
  if (configs.servers.empty()) refuse("the header has no servers");
  if (servers.size() != configs.servers.size()) refuse("a server id is given twice");
  for (std::size_t i = 0; i < configs.servers.size(); ++i) {
    const models::ServerConfig& s = configs.servers[i];
    const std::string where = "servers[" + std::to_string(i) + "]";
    if (!models::is_server(s.id)) refuse(where + ": id " + std::to_string(s.id) + " is not a server id");
    check_members(s.voters, s.observers, servers, where);
    if (s.tick_ns <= 0 || s.tick_ns > kTickNsMax || s.init_limit_ticks < 1 || s.init_limit_ticks > kLimitTicksMax ||
        s.sync_limit_ticks < 1 || s.sync_limit_ticks > kLimitTicksMax)
      refuse(where + ": tick or limits out of range");
  }
}

}  // namespace

void check_configs(const NodeConfigs& configs) {
  const std::set<NodeId> servers = server_ids(configs);
  check_servers(configs, servers);
  std::set<NodeId> ids = servers;
  const auto unique = [&](NodeId id, const std::string& where) {
    if (!ids.insert(id).second) refuse(where + ": id " + std::to_string(id) + " is given twice");
  };
  for (std::size_t i = 0; i < configs.clients.size(); ++i) {
    const std::string where = "clients[" + std::to_string(i) + "]";
    check_client(configs.clients[i], servers, where);
    unique(configs.clients[i].id, where);
  }
  check_workload(configs.client_workload);
  for (std::size_t i = 0; i < configs.app_servers.size(); ++i) {
    const std::string where = "app_servers[" + std::to_string(i) + "]";
    check_client(configs.app_servers[i].session, servers, where);
    check_service_path(configs.app_servers[i].service_path, where);
    unique(configs.app_servers[i].session.id, where);
  }
  for (std::size_t i = 0; i < configs.app_clients.size(); ++i) {
    const models::AppClientConfig& a = configs.app_clients[i];
    const std::string where = "app_clients[" + std::to_string(i) + "]";
    check_client(a.session, servers, where);
    check_service_path(a.service_path, where);
    check_strategy(a.strategy, a.strategy_options, where);
    if (!std::isfinite(a.rate_per_s) || a.rate_per_s < 0 || a.rate_per_s > kRateMax || a.keys == 0 || a.keys > kKeysMax ||
        a.request_timeout_ns <= 0 || a.request_timeout_ns > kTimeNsMax || a.list_retry_ns <= 0 ||
        a.list_retry_ns > kTimeNsMax || a.max_in_flight == 0)
      refuse(where + ": a value out of range");
    unique(a.session.id, where);
  }
}

// The scenario's initial_data (sim/scenario/node_configs.hpp, initial_durable_state): a snapshot
// of the initial tree in epoch 1, no log, no configuration file.
static bool is_initial_data(const models::PersistentState& s) {
  if (s.files.snapshots.size() != 1 || !s.image) return false;
  const models::Zxid zxid = s.files.snapshots.front().zxid;
  return s.accepted_epoch == models::epoch_of(zxid) && s.current_epoch == s.accepted_epoch && s.log.empty() &&
         s.log_base == zxid && s.files.logs.empty() && s.config.version == 0 && s.config.voters.empty() &&
         s.next_config.version == 0 && s.next_config.voters.empty();
}

models::PersistentState check_start_state(const ojson& recorded, const models::PersistentState& tracked,
                                          const NodeConfigs& configs, bool is_server, bool first_start) {
  const ojson expected = ojson(tracked);
  if (recorded == expected) return tracked;
  if (recorded == ojson(models::PersistentState{})) return {};  // a restart that wiped the disk
  if (first_start && is_server) {
    models::PersistentState initial = recorded.get<models::PersistentState>();
    if (is_initial_data(initial)) return initial;
  }
  // Otherwise only the dynamic configuration file may differ: an operator installs it on a server
  // that a membership change starts.
  ojson recorded_rest = recorded, expected_rest = expected;
  if (!is_server || !recorded_rest.is_object() || !recorded_rest.contains("config")) refuse("a start state that no earlier step made durable");
  recorded_rest.erase("config");
  expected_rest.erase("config");
  if (recorded_rest != expected_rest) refuse("a start state that no earlier step made durable");
  models::PersistentState state = tracked;
  state.config = recorded.get<models::PersistentState>().config;
  if (state.config.version == 0) refuse("a start state whose installed configuration has version 0");
  check_members(state.config.voters, state.config.observers, server_ids(configs), "the installed configuration");
  return state;
}

void check_control(const models::Node& node, const models::Control& control, const NodeConfigs&) {
  if (!node.takes(control)) refuse(node_name(node.id()) + " does not take this control input");
  if (const auto* rate = std::get_if<models::SetRate>(&control)) {
    if (!std::isfinite(rate->rate_per_s) || rate->rate_per_s < 0 || rate->rate_per_s > kRateMax ||
        !(rate->read_ratio >= 0 && rate->read_ratio <= 1))
      refuse("set_rate: a rate or a read ratio out of range");
  } else if (const auto* strategy = std::get_if<models::SetStrategy>(&control)) {
    check_strategy(strategy->name, strategy->options, "set_strategy");
  } else if (std::holds_alternative<models::Submit>(control)) {
    refuse("submit: a zksim run never records one");  // no scenario event submits an operation
  }
}

void check_peer(NodeId node, NodeId peer, const NodeConfigs& configs) {
  if (peer == node || peer == models::kNoNode) refuse("a peer input naming " + node_name(peer));
  const auto known = [&](const auto& list, const auto& id_of) {
    return std::any_of(list.begin(), list.end(), [&](const auto& c) { return id_of(c) == peer; });
  };
  if (known(configs.servers, [](const auto& c) { return c.id; }) || known(configs.clients, [](const auto& c) { return c.id; }) ||
      known(configs.app_servers, [](const auto& c) { return c.session.id; }) ||
      known(configs.app_clients, [](const auto& c) { return c.session.id; }))
    return;
  refuse("a peer input naming " + node_name(peer) + ", which is not in the header");
}

void SentMessages::sent(NodeId from, models::Send send) {
  in_flight_[{from, send.to}].push_back({std::move(send.message), {}});
}

void SentMessages::delivered(NodeId from, NodeId to, const std::string& message_json) {
  auto it = in_flight_.find({from, to});
  if (it != in_flight_.end()) {
    std::deque<Sent>& queue = it->second;
    for (auto sent = queue.begin(); sent != queue.end(); ++sent) {
      if (sent->json.empty()) sent->json = ojson(sent->message).dump();
      if (sent->json != message_json) continue;
      queue.erase(queue.begin(), sent + 1);
      return;
    }
  }
  refuse(node_name(to) + " receives a message that " + node_name(from) + " did not send it");
}

void SentMessages::stopped(NodeId node) {
  for (auto it = in_flight_.begin(); it != in_flight_.end();) it = it->first.second == node ? in_flight_.erase(it) : std::next(it);
}

}  // namespace sim::trace
