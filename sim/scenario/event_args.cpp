#include "sim/scenario/event_args.hpp"

#include "models/client/app_ids.hpp"
#include "sim/scenario/event_label.hpp"
#include "sim/scenario/load_membership.hpp"

namespace sim {

namespace {

using Args = nlohmann::ordered_json;

// Whom the event hit: an app server, a server by id, or (not yet resolved) by role.
void add_target(const Event& e, Args& args) {
  if (models::is_app_server(e.server)) args["app_server"] = models::app_server_number(e.server);
  else if (e.server != models::kNoNode) args["server"] = e.server;
  else if (e.role != ServerRole::id) args["server"] = server_role_name(e.role);
  if (e.count > 1) args["count"] = e.count;
}

void add_network_fields(const Event& e, Args& args) {
  switch (e.kind) {
    case EventKind::partition:
      args["groups"] = e.groups;
      args["clients_group"] = e.clients_group;
      args["one_way"] = e.one_way;
      return;
    case EventKind::clog:
      args["extra_latency_ms"] = e.extra_latency_ms;
      args["bandwidth_factor"] = e.factor;
      return;
    case EventKind::packet_loss:
      args["percent"] = e.loss_percent;
      return;
    default:
      return;
  }
}

void add_fields(const Event& e, Args& args) {
  switch (e.kind) {
    case EventKind::restart: args["wipe"] = e.wipe; return;
    case EventKind::freeze: args["duration_s"] = e.duration_s; return;
    case EventKind::slow_disk:
    case EventKind::slow_cpu: args["factor"] = e.factor; return;
    case EventKind::rate:
      if (e.rate_per_s >= 0) args["rate_per_s"] = e.rate_per_s;
      if (e.read_ratio >= 0) args["read_ratio"] = e.read_ratio;
      return;
    case EventKind::strategy:
      args["strategy"] = e.strategy.name;
      args["of"] = e.app_clients ? "app_clients" : "clients";
      return;
    case EventKind::datacenter:
      args["datacenter"] = e.datacenter_name;
      args["how"] = kDatacenterOutageNames[static_cast<int>(e.outage)];
      return;
    case EventKind::datacenter_heal:
      args["datacenter"] = e.datacenter_name;
      return;
    default: add_network_fields(e, args); return;
  }
}

}  // namespace

analysis::ScenarioEventMark event_mark(const Event& e) {
  analysis::ScenarioEventMark mark{event_kind_name(e.kind), is_membership(e.kind) ? membership_label(e) : event_label(e),
                                   Args::object()};
  if (is_membership(e.kind)) return mark;
  add_target(e, mark.args);
  add_fields(e, mark.args);
  return mark;
}

}  // namespace sim
