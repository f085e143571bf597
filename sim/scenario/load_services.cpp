#include "sim/scenario/load_services.hpp"

#include "models/client/app_ids.hpp"

namespace sim {

namespace {

constexpr int kMaxAppServers = 1000;
constexpr int kMaxAppClients = 100000;

void read_app_servers(const JsonReader& r, AppServersSpec& a) {
  if (!r.has("servers")) return;
  const JsonReader j = r.at("servers");
  if (!j.expect_object({"count", "host", "cpu_ghz", "service_time_ms", "session_timeout_ms", "start_s", "reply_bytes"}))
    return;
  j.read("count", a.count, 1, kMaxAppServers);
  read_host(j, a.host);
  j.for_each("cpu_ghz", [&](const JsonReader& v) {
    if (!v.value().is_number() || v.value().get<double>() < 0.01 || v.value().get<double>() > 1000) {
      v.error("expected a CPU speed in GHz (0.01 to 1000)");
      return;
    }
    a.cpu_ghz.push_back(v.value().get<double>());
  });
  if (static_cast<int>(a.cpu_ghz.size()) > a.count)
    j.error_at("cpu_ghz", "more speeds than app servers", "give at most " + std::to_string(a.count));
  j.read("service_time_ms", a.service_time_ms, 0.000001, 1e6);
  j.read("session_timeout_ms", a.session_timeout_ms, 1, 3.6e6);
  j.read("start_s", a.start_s, 0, 86400.0 * 30);
  j.read("reply_bytes", a.reply_bytes, 0, 100'000'000);
}

void read_app_clients(const JsonReader& r, AppClientsSpec& c, const AppServersSpec& servers) {
  if (!r.has("clients")) return;
  const JsonReader j = r.at("clients");
  if (!j.expect_object({"count", "hosts", "rate_per_s", "request_timeout_ms", "session_timeout_ms", "start_s", "keys",
                        "request_bytes", "strategy"}))
    return;
  j.read("count", c.count, 1, kMaxAppClients);
  j.read("hosts", c.hosts, 1, 1000);
  j.read("rate_per_s", c.rate_per_s, 0, 1e9);
  j.read("request_timeout_ms", c.request_timeout_ms, 0.001, 3.6e6);
  j.read("session_timeout_ms", c.session_timeout_ms, 1, 3.6e6);
  j.read("start_s", c.start_s, 0, 86400.0 * 30);
  j.read("keys", c.keys);
  if (c.keys == 0) j.error_at("keys", "must be at least 1");
  j.read("request_bytes", c.request_bytes, 0, 100'000'000);
  read_strategy(j, "strategy", c.strategy, app_server_weight_targets(servers));
}

}  // namespace

void read_services(const JsonReader& r, Scenario& s) {
  if (!r.has("services")) return;
  const JsonReader j = r.at("services");
  if (!j.expect_object({"name", "servers", "clients"})) return;
  s.services.enabled = true;
  j.read("name", s.services.name);
  if (s.services.name.empty() || s.services.name.find('/') != std::string::npos)
    j.error_at("name", "not a znode name", "a non-empty name without '/': registrations go under /services/<name>");
  read_app_servers(j, s.services.servers);
  read_app_clients(j, s.services.clients, s.services.servers);
  if (!s.network.platform_file.empty())
    j.error("services need the generated platform", "remove network.platform_file or the services section");
}

bool read_app_server(const JsonReader& e, const Scenario& s, models::NodeId& server) {
  if (!e.has("app_server")) return false;
  if (!s.services.enabled) {
    e.error_at("app_server", "the scenario has no services section", "add \"services\" or name a \"server\"");
    return true;
  }
  if (e.has("server")) e.error("give either \"server\" or \"app_server\", not both");
  int index = 1;
  e.read("app_server", index, 1, s.services.servers.count);
  server = models::app_server_id(index);
  return true;
}

}  // namespace sim
