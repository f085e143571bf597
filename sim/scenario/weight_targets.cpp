#include "sim/scenario/weight_targets.hpp"

#include "models/client/app_ids.hpp"
#include "sim/scenario/scenario.hpp"

namespace sim {

WeightTargets server_weight_targets(const EnsembleSpec& ensemble) {
  WeightTargets targets{"server", {}};
  for (int id = 1; id <= ensemble.members(); ++id) {
    const auto node = static_cast<models::NodeId>(id);
    targets.members.push_back({id, node, ensemble.host_of(node).cpu_ghz / ensemble.host.cpu_ghz});
  }
  return targets;
}

WeightTargets app_server_weight_targets(const AppServersSpec& servers) {
  WeightTargets targets{"app server", {}};
  for (int number = 1; number <= servers.count; ++number) {
    const auto i = static_cast<std::size_t>(number - 1);
    const double cpu_ghz = i < servers.cpu_ghz.size() ? servers.cpu_ghz[i] : servers.host.cpu_ghz;
    targets.members.push_back({number, models::app_server_id(number), cpu_ghz / servers.host.cpu_ghz});
  }
  return targets;
}

}  // namespace sim
