#include "sim/scenario/availability_inputs.hpp"

#include <algorithm>
#include <set>

#include "sim/scenario/load_quorum.hpp"
#include "sim/scenario/node_ids.hpp"
#include "sim/scenario/placement.hpp"

namespace sim {

namespace {

bool fails(const FailureProcess& f, models::NodeId id) {
  return f.servers.empty() || std::find(f.servers.begin(), f.servers.end(), id) != f.servers.end();
}

// Every voter fails alike and no datacenter does: servers up is all the chain needs to know.
bool counts_suffice(const Scenario& s, const std::vector<models::NodeId>& voters) {
  if (s.ensemble.hierarchical() || s.failures.datacenter_outages()) return false;
  return std::all_of(voters.begin(), voters.end(), [&](models::NodeId id) { return fails(s.failures, id); });
}

analysis::LayoutAvailabilityModel layout_model(const Scenario& s, const std::vector<models::NodeId>& voters) {
  analysis::LayoutAvailabilityModel m;
  const FailureProcess& f = s.failures;
  for (models::NodeId id : voters) {
    m.servers.push_back(fails(f, id) ? analysis::LayoutComponent{f.mtbf_s, f.mttr_s} : analysis::LayoutComponent{});
    m.server_datacenter.push_back(f.datacenter_outages() ? static_cast<int>(server_datacenter(s, id)) : -1);
  }
  if (f.datacenter_outages())
    m.datacenters.assign(s.network.datacenters.size(), {f.datacenter_mtbf_s, f.datacenter_mttr_s});
  m.is_quorum = [configuration = static_configuration(s), voters](std::uint64_t running) {
    std::set<models::NodeId> up;
    for (std::size_t i = 0; i < voters.size(); ++i)
      if (running >> i & 1) up.insert(voters[i]);
    return configuration.is_quorum(up);
  };
  return m;
}

}  // namespace

AvailabilityInputs availability_inputs(const Scenario& s) {
  AvailabilityInputs in;
  if (!s.failures.enabled) return in;
  const std::vector<models::NodeId> voters = voter_ids(s);
  if (counts_suffice(s, voters)) {
    const int n = static_cast<int>(voters.size());
    in.chain = analysis::AvailabilityModel{n, n / 2 + 1, s.failures.mtbf_s, s.failures.mttr_s, 0};
    return in;
  }
  analysis::LayoutAvailabilityModel layout = layout_model(s, voters);
  if (layout_state_count(layout) > (std::size_t{1} << analysis::kLayoutComponentsMax)) {
    in.not_applicable = "more than " + std::to_string(analysis::kLayoutComponentsMax) +
                        " servers and datacenters that fail (the chain over each would be too large)";
    return in;
  }
  in.layout = std::move(layout);
  return in;
}

}  // namespace sim
