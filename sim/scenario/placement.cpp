#include "sim/scenario/placement.hpp"

#include <algorithm>

namespace sim {

namespace {

std::size_t placed(const Scenario& s, const std::vector<std::string>& placement, std::size_t i) {
  const std::size_t count = std::max<std::size_t>(1, s.network.datacenters.size());
  if (i >= placement.size() || placement[i].empty()) return i % count;  // round robin by default
  const std::size_t d = datacenter_index(s, placement[i]);
  return d == SIZE_MAX ? 0 : d;
}

}  // namespace

std::size_t datacenter_index(const Scenario& s, const std::string& name) {
  for (std::size_t d = 0; d < s.network.datacenters.size(); ++d)
    if (s.network.datacenters[d].name == name) return d;
  return SIZE_MAX;
}

std::size_t server_datacenter(const Scenario& s, models::NodeId id) {
  const auto index = static_cast<std::size_t>(id - 1);
  if (id <= static_cast<models::NodeId>(s.ensemble.members())) return placed(s, s.ensemble.placement, index);
  for (const AddedServer& added : s.added_servers)
    if (added.id == id && !added.datacenter.empty()) return placed(s, {added.datacenter}, 0);
  return placed(s, {}, index);  // round robin by id, as an initial server without a placement
}

std::size_t client_host_datacenter(const Scenario& s, std::size_t h) { return placed(s, s.clients.placement, h); }

}  // namespace sim
