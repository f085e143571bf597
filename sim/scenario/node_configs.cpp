#include "sim/scenario/node_configs.hpp"

#include "sim/scenario/load_quorum.hpp"
#include "sim/scenario/node_ids.hpp"

namespace sim {

namespace {

void add_service_configs(const Scenario& s, trace::NodeConfigs& configs) {
  if (!s.services.enabled) return;
  const AppServersSpec& servers = s.services.servers;
  for (models::NodeId id : app_server_ids(s))
    configs.app_servers.push_back(
        {session_config(s, id, servers.session_timeout_ms, servers.start_s), s.services.path(), servers.reply_bytes});
  const AppClientsSpec& clients = s.services.clients;
  for (models::NodeId id : app_client_ids(s)) {
    models::AppClientConfig c;
    c.session = session_config(s, id, clients.session_timeout_ms, clients.start_s);
    c.service_path = s.services.path();
    c.strategy = clients.strategy.name;
    c.strategy_options = clients.strategy.options;
    c.rate_per_s = clients.rate_per_s / clients.count;
    c.keys = clients.keys;
    c.request_bytes = clients.request_bytes;
    c.request_timeout_ns = models::from_ms(clients.request_timeout_ms);
    configs.app_clients.push_back(std::move(c));
  }
}

}  // namespace

models::ServerConfig server_config(const Scenario& s, models::NodeId id) {
  models::ServerConfig c;
  c.id = id;
  const models::Configuration layout = static_configuration(s);
  c.voters = layout.voters;
  c.observers = layout.observers;
  c.groups = layout.groups;
  c.weights = layout.weights;
  c.tick_ns = models::from_ms(s.ensemble.tick_ms);
  c.server_startup_ns = models::from_ms(s.profile.server_startup_ms);
  c.init_limit_ticks = s.ensemble.init_limit;
  c.sync_limit_ticks = s.ensemble.sync_limit;
  if (const ServerOverride* o = s.ensemble.override_of(id)) {
    if (o->init_limit > 0) c.init_limit_ticks = o->init_limit;
    if (o->sync_limit > 0) c.sync_limit_ticks = o->sync_limit;
  }
  c.seed = s.seed;
  c.snapshots = s.ensemble.snapshots;
  return c;
}

models::PersistentState initial_durable_state(const Scenario& s) {
  models::PersistentState durable;
  if (!s.initial_data.enabled) return durable;
  const models::Epoch epoch = 1;
  const models::Zxid zxid = models::make_zxid(epoch, static_cast<std::uint32_t>(s.initial_data.znodes));
  const auto bulk = std::make_shared<const models::BulkLayer>(
      models::InitialData{s.initial_data.znodes, s.initial_data.sizes, s.seed, zxid});
  const models::DataTree tree(bulk);
  durable.accepted_epoch = durable.current_epoch = epoch;
  durable.image = tree.image();
  durable.files.snapshots.push_back(models::SnapshotFile{zxid, durable.image->size_bytes()});
  durable.log_base = zxid;
  return durable;
}

models::ClientConfig session_config(const Scenario& s, models::NodeId id, double timeout_ms, double start_s) {
  models::ClientConfig c;
  c.id = id;
  c.servers = server_ids(s);
  c.session_timeout_ns = models::from_ms(timeout_ms);
  c.seed = s.seed;
  c.start_ns = models::from_seconds(start_s);
  c.strategy = s.clients.strategy.name;
  c.strategy_options = s.clients.strategy.options;
  c.library = s.clients.library;
  c.curator_expiry = s.clients.curator_expiry;
  return c;
}

trace::NodeConfigs node_configs(const Scenario& s) {
  trace::NodeConfigs configs;
  for (models::NodeId id : all_server_ids(s)) configs.servers.push_back(server_config(s, id));
  for (models::NodeId id : client_ids(s))
    configs.clients.push_back(session_config(s, id, s.clients.session_timeout_ms, s.clients.start_s));
  add_service_configs(s, configs);
  for (models::ClientConfig& c : configs.clients) c.rebalance = s.clients.rebalance;
  configs.client_workload = s.workload;
  configs.client_workload.rate_per_s = s.clients.count > 0 ? s.workload.rate_per_s / s.clients.count : 0;
  return configs;
}

}  // namespace sim
