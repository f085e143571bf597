#include "sim/runtime/platform.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

std::vector<models::NodeId> server_ids(const Scenario& scenario) {
  std::vector<models::NodeId> ids;
  for (int i = 1; i <= scenario.ensemble.members(); ++i) ids.push_back(static_cast<models::NodeId>(i));
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

namespace {

struct BuiltHost {
  sg4::Host* host;
  sg4::SplitDuplexLink* nic;
  double nic_bytes_per_s;
};

BuiltHost create_host(sg4::NetZone* zone, const std::string& name, const HostSpec& spec, double latency_s) {
  sg4::Host* host = zone->create_host(name, spec.cpu_ghz * 1e9);
  const double nic_bytes_per_s = spec.nic_gbps * 1e9 / 8;
  // Each interface carries half of the host-to-host latency, so a route costs the full latency.
  sg4::SplitDuplexLink* nic = zone->create_split_duplex_link(name + "_nic", nic_bytes_per_s);
  nic->set_latency(latency_s / 2);
  nic->seal();
  return {host, nic, nic_bytes_per_s};
}

HostRecord host_record(const BuiltHost& built, const std::string& name, const HostSpec& spec, bool server) {
  const double disk_bytes_per_s = spec.disk_write_mbps * 1e6;
  HostRecord record;
  record.name = name;
  record.host = built.host;
  record.nic = built.nic;
  record.nic_bytes_per_s = built.nic_bytes_per_s;
  record.disk = LogDisk{static_cast<models::Time>(spec.fsync_ms * 1e6), disk_bytes_per_s};
  record.mailbox = sg4::Mailbox::by_name(name);
  record.charges_cpu = server;
  return record;
}

void add_routes(sg4::NetZone* zone, const std::vector<BuiltHost>& hosts) {
  using Direction = sg4::LinkInRoute::Direction;
  for (std::size_t a = 0; a < hosts.size(); ++a)
    for (std::size_t b = a + 1; b < hosts.size(); ++b)
      zone->add_route(hosts[a].host->get_netpoint(), hosts[b].host->get_netpoint(), nullptr, nullptr,
                      {sg4::LinkInRoute(hosts[a].nic, Direction::UP), sg4::LinkInRoute(hosts[b].nic, Direction::DOWN)},
                      true);
}

}  // namespace

void build_platform(World& world) {
  const Scenario& s = world.scenario();
  sg4::Engine::set_config("network/model:" + s.network.model);
  auto* zone = sg4::create_full_zone("datacenter");
  const double latency_s = s.network.latency_us * 1e-6;
  std::vector<BuiltHost> built;
  for (models::NodeId id : server_ids(s)) {
    const std::string name = "server" + std::to_string(id);
    built.push_back(create_host(zone, name, s.ensemble.host, latency_s));
    world.place(id, world.add_host(host_record(built.back(), name, s.ensemble.host, true)));
  }
  const auto clients = client_ids(s);
  const std::size_t first_client_host = world.host_count();
  const int client_hosts = std::max(1, std::min(s.clients.hosts, s.clients.count));
  for (int h = 0; h < client_hosts && !clients.empty(); ++h) {
    const std::string name = "clients" + std::to_string(h + 1);
    built.push_back(create_host(zone, name, s.clients.host, latency_s));
    world.add_host(host_record(built.back(), name, s.clients.host, false));
  }
  for (std::size_t i = 0; i < clients.size(); ++i)
    world.place(clients[i], first_client_host + i % static_cast<std::size_t>(client_hosts));
  HostSpec control_spec;
  control_spec.nic_gbps = 1e6;
  built.push_back(create_host(zone, "controller", control_spec, 0));
  world.set_controller(built.back().host);
  add_routes(zone, built);
  zone->seal();
}

}  // namespace sim
