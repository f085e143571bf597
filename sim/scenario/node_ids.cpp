#include "sim/scenario/node_ids.hpp"

#include "models/client/app_ids.hpp"

namespace sim {

std::vector<models::NodeId> server_ids(const Scenario& scenario) {
  std::vector<models::NodeId> ids;
  for (int i = 1; i <= scenario.ensemble.members(); ++i) ids.push_back(static_cast<models::NodeId>(i));
  return ids;
}

std::vector<models::NodeId> all_server_ids(const Scenario& scenario) {
  std::vector<models::NodeId> ids = server_ids(scenario);
  for (const AddedServer& added : scenario.added_servers) ids.push_back(added.id);
  return ids;
}

std::vector<models::NodeId> voter_ids(const Scenario& scenario) {
  auto ids = server_ids(scenario);
  ids.resize(static_cast<std::size_t>(scenario.ensemble.servers));
  return ids;
}

std::vector<models::NodeId> observer_ids(const Scenario& scenario) {
  auto ids = server_ids(scenario);
  ids.erase(ids.begin(), ids.begin() + scenario.ensemble.servers);
  return ids;
}

std::vector<models::NodeId> client_ids(const Scenario& scenario) {
  std::vector<models::NodeId> ids;
  for (int i = 0; i < scenario.clients.count; ++i) ids.push_back(models::kFirstClientId + static_cast<models::NodeId>(i));
  return ids;
}

std::vector<models::NodeId> app_server_ids(const Scenario& scenario) {
  std::vector<models::NodeId> ids;
  if (!scenario.services.enabled) return ids;
  for (int i = 0; i < scenario.services.servers.count; ++i) ids.push_back(models::app_server_id(i + 1));
  return ids;
}

std::vector<models::NodeId> app_client_ids(const Scenario& scenario) {
  std::vector<models::NodeId> ids;
  if (!scenario.services.enabled) return ids;
  for (int i = 0; i < scenario.services.clients.count; ++i) ids.push_back(models::kFirstAppClientId + static_cast<models::NodeId>(i));
  return ids;
}

}  // namespace sim
