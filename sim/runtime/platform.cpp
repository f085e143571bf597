#include "sim/runtime/platform.hpp"

#include <map>

#include "sim/scenario/node_ids.hpp"
#include "sim/scenario/placement.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

namespace {

struct BuiltHost {
  sg4::Host* host;
  sg4::SplitDuplexLink* nic;
  double nic_bytes_per_s;
  std::size_t datacenter;
};

// The controller's host reaches every host directly, whatever its datacenter.
constexpr std::size_t kEverywhere = SIZE_MAX;

// The wide-area link between datacenters a < b (created once, shared by all their traffic).
using WanLinks = std::map<std::pair<std::size_t, std::size_t>, sg4::SplitDuplexLink*>;

WanLinks create_wan_links(sg4::NetZone* zone, const NetworkSpec& network) {
  WanLinks links;
  const std::size_t n = network.datacenters.size();
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      const std::string name = "wan_" + network.datacenters[a].name + "_" + network.datacenters[b].name;
      auto* link = zone->create_split_duplex_link(name, network.wan.bandwidth_gbps * 1e9 / 8);
      link->set_latency(models::ms_to_seconds(network.wan.latency_ms));
      link->seal();
      links[{a, b}] = link;
    }
  return links;
}


BuiltHost create_host(sg4::NetZone* zone, const std::string& name, const HostSpec& spec, double latency_s,
                      std::size_t datacenter = 0) {
  sg4::Host* host = zone->create_host(name, spec.cpu_ghz * 1e9);
  const double nic_bytes_per_s = spec.nic_gbps * 1e9 / 8;
  // Each interface carries half of the host-to-host latency, so a route costs the full latency.
  sg4::SplitDuplexLink* nic = zone->create_split_duplex_link(name + "_nic", nic_bytes_per_s);
  nic->set_latency(latency_s / 2);
  nic->seal();
  return {host, nic, nic_bytes_per_s, datacenter};
}

LogDisk log_disk(const HostSpec& spec) {
  return LogDisk{models::from_ms(spec.fsync_ms), spec.disk_write_mbps * 1e6, spec.disk_read_mbps * 1e6};
}

HostRecord host_record(const BuiltHost& built, const std::string& name, const HostSpec& spec, bool server) {
  HostRecord record;
  record.name = name;
  record.host = built.host;
  record.nic = built.nic;
  record.nic_bytes_per_s = built.nic_bytes_per_s;
  record.datacenter = built.datacenter;
  record.disk = log_disk(spec);
  record.mailbox = sg4::Mailbox::by_name(name);
  record.charges_cpu = server;
  return record;
}

// Places the nodes round-robin over the `hosts` hosts added from index first on.
void spread(World& world, const std::vector<models::NodeId>& ids, std::size_t first, int hosts) {
  for (std::size_t i = 0; i < ids.size(); ++i) world.place(ids[i], first + i % static_cast<std::size_t>(hosts));
}

// Every pair of hosts: out through one interface, across the wide-area link if the datacenters
// differ, in through the other interface.
void add_routes(sg4::NetZone* zone, const std::vector<BuiltHost>& hosts, const WanLinks& wan) {
  using Direction = sg4::LinkInRoute::Direction;
  for (std::size_t a = 0; a < hosts.size(); ++a)
    for (std::size_t b = a + 1; b < hosts.size(); ++b) {
      std::vector<sg4::LinkInRoute> links{sg4::LinkInRoute(hosts[a].nic, Direction::UP)};
      const std::size_t da = hosts[a].datacenter, db = hosts[b].datacenter;
      if (da != db && da != kEverywhere && db != kEverywhere)
        links.emplace_back(wan.at({std::min(da, db), std::max(da, db)}), da < db ? Direction::UP : Direction::DOWN);
      links.emplace_back(hosts[b].nic, Direction::DOWN);
      zone->add_route(hosts[a].host->get_netpoint(), hosts[b].host->get_netpoint(), nullptr, nullptr, links, true);
    }
}

// App servers charge CPU time for their requests as servers do; app clients, like clients, do not.
// They sit in the first datacenter.
void add_service_hosts(World& world, sg4::NetZone* zone, std::vector<BuiltHost>& built, double latency_s) {
  const Scenario& s = world.scenario();
  const auto servers = app_server_ids(s);
  for (std::size_t i = 0; i < servers.size(); ++i) {
    const std::string name = "app" + std::to_string(i + 1);
    HostSpec spec = s.services.servers.host;
    if (i < s.services.servers.cpu_ghz.size()) spec.cpu_ghz = s.services.servers.cpu_ghz[i];
    built.push_back(create_host(zone, name, spec, latency_s));
    world.place(servers[i], world.add_host(host_record(built.back(), name, spec, true)));
  }
  const auto clients = app_client_ids(s);
  const std::size_t first = world.host_count();
  const int hosts = s.services.clients.used_hosts();
  for (int h = 0; h < hosts && !clients.empty(); ++h) {
    const std::string name = "appclients" + std::to_string(h + 1);
    built.push_back(create_host(zone, name, s.clients.host, latency_s));
    world.add_host(host_record(built.back(), name, s.clients.host, false));
  }
  spread(world, clients, first, hosts);
}

}  // namespace

namespace {

sg4::Host* host_by_name(const std::string& name, const std::string& file) {
  sg4::Host* host = sg4::Host::by_name_or_null(name);
  if (!host) throw PlatformError(file + ": no host named " + name + " (the platform file must name its hosts server1..serverN, clients1..clientsK and controller)");
  return host;
}

void load_platform_file(World& world) {
  const Scenario& s = world.scenario();
  const std::string& file = s.network.platform_file;
  sg4::Engine::get_instance()->load_platform(file);
  const auto record = [&](const std::string& name, const HostSpec& spec, bool server) {
    HostRecord r;
    r.name = name;
    r.host = host_by_name(name, file);
    r.disk = log_disk(spec);
    r.mailbox = sg4::Mailbox::by_name(name);
    r.charges_cpu = server;
    return r;
  };
  for (models::NodeId id : all_server_ids(s)) {
    world.place(id, world.add_host(record("server" + std::to_string(id), s.ensemble.host_of(id), true)));
    world.host(world.node(id).host).starts_later = id > static_cast<models::NodeId>(s.ensemble.members());
  }
  const auto clients = client_ids(s);
  const std::size_t first = world.host_count();
  const int client_hosts = s.clients.used_hosts();
  for (int h = 0; h < client_hosts && !clients.empty(); ++h)
    world.add_host(record("clients" + std::to_string(h + 1), s.clients.host, false));
  spread(world, clients, first, client_hosts);
  world.set_controller(host_by_name("controller", file));
}

void set_network_model(const std::string& model) {
  sg4::Engine::set_config("network/model:" + model);
  // CM02 has no reverse-path cross traffic (LV08 adds 5% for TCP's acknowledgements), but
  // SimGrid 3.32 leaves network/crosstraffic on whatever the model: every comm then also loads the
  // reverse links, which costs the solver about 8% of a canonical run and changes nothing the
  // model stands for.
  if (model == "CM02") sg4::Engine::set_config("network/crosstraffic:0");
}

}  // namespace

void build_platform(World& world) {
  const Scenario& s = world.scenario();
  set_network_model(s.network.model);
  if (!s.network.platform_file.empty()) {
    load_platform_file(world);
    return;
  }
  auto* zone = sg4::create_full_zone("network");
  const WanLinks wan = create_wan_links(zone, s.network);
  const auto latency_s = [&](std::size_t dc) { return models::us_to_seconds(s.network.datacenters[dc].latency_us); };
  std::vector<BuiltHost> built;
  for (models::NodeId id : all_server_ids(s)) {
    const std::string name = "server" + std::to_string(id);
    const std::size_t dc = server_datacenter(s, id);
    built.push_back(create_host(zone, name, s.ensemble.host_of(id), latency_s(dc), dc));
    world.place(id, world.add_host(host_record(built.back(), name, s.ensemble.host_of(id), true)));
    // A server a membership change adds has its host from the start; its process starts later.
    world.host(world.node(id).host).starts_later = id > static_cast<models::NodeId>(s.ensemble.members());
  }
  const auto clients = client_ids(s);
  const std::size_t first_client_host = world.host_count();
  const int client_hosts = s.clients.used_hosts();
  for (int h = 0; h < client_hosts && !clients.empty(); ++h) {
    const std::string name = "clients" + std::to_string(h + 1);
    const std::size_t dc = client_host_datacenter(s, static_cast<std::size_t>(h));
    built.push_back(create_host(zone, name, s.clients.host, latency_s(dc), dc));
    world.add_host(host_record(built.back(), name, s.clients.host, false));
  }
  spread(world, clients, first_client_host, client_hosts);
  add_service_hosts(world, zone, built, latency_s(0));
  HostSpec control_spec;
  control_spec.nic_gbps = 1e6;
  built.push_back(create_host(zone, "controller", control_spec, 0, kEverywhere));
  world.set_controller(built.back().host);
  add_routes(zone, built, wan);
  zone->seal();
}

}  // namespace sim
