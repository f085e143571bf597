#include "sim/trace/node_builder.hpp"

#include "models/server/zk_server.hpp"

namespace sim::trace {

NodeBuilder::NodeBuilder(NodeConfigs configs, models::ProtocolBugs bugs)
    : configs_(std::move(configs)),
      bugs_(bugs), workload_(std::make_shared<const models::Workload>(configs_.client_workload)) {
  for (std::size_t i = 0; i < configs_.servers.size(); ++i) server_index_[configs_.servers[i].id] = i;
  for (std::size_t i = 0; i < configs_.clients.size(); ++i) client_index_[configs_.clients[i].id] = i;
  for (std::size_t i = 0; i < configs_.app_servers.size(); ++i) app_server_index_[configs_.app_servers[i].session.id] = i;
  for (std::size_t i = 0; i < configs_.app_clients.size(); ++i) app_client_index_[configs_.app_clients[i].session.id] = i;
}

std::unique_ptr<models::Node> NodeBuilder::build(models::NodeId id, const models::PersistentState& durable) const {
  if (auto s = server_index_.find(id); s != server_index_.end())
    return std::make_unique<models::ZkServer>(configs_.servers[s->second], durable, bugs_);
  if (auto c = client_index_.find(id); c != client_index_.end())
    return std::make_unique<models::Client>(configs_.clients[c->second], workload_);
  if (auto a = app_server_index_.find(id); a != app_server_index_.end())
    return std::make_unique<models::AppServer>(configs_.app_servers[a->second]);
  if (auto a = app_client_index_.find(id); a != app_client_index_.end())
    return std::make_unique<models::AppClient>(configs_.app_clients[a->second]);
  return nullptr;
}

}  // namespace sim::trace
