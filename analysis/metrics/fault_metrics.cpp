#include "analysis/metrics/fault_metrics.hpp"

#include <algorithm>
#include <cassert>

#include "models/client/app_ids.hpp"
#include "models/core/visit.hpp"

namespace analysis {

namespace {

using models::Overloaded;

std::string process_label(models::NodeId node) {
  if (models::is_app_server(node)) return "app server " + std::to_string(models::app_server_number(node));
  return "server " + std::to_string(node);
}

std::string group_label(const std::vector<models::NodeId>& group) {
  std::string text = "{";
  for (std::size_t i = 0; i < group.size(); ++i) text += (i ? "," : "") + std::to_string(group[i]);
  return text + "}";
}

// "{1,2} | {3}, clients with {3}"; a one-way cut shows its direction, "{1,2} -> {3}".
std::string partition_label(const models::NetworkPartitioned& p) {
  std::string text;
  for (std::size_t i = 0; i < p.groups.size(); ++i) text += (i ? (p.one_way ? " -> " : " | ") : "") + group_label(p.groups[i]);
  if (p.clients_group >= 0 && static_cast<std::size_t>(p.clients_group) < p.groups.size())
    text += ", clients with " + group_label(p.groups[static_cast<std::size_t>(p.clients_group)]);
  return text;
}

}  // namespace

const char* fault_kind_name(FaultKind kind) {
  switch (kind) {
    case FaultKind::crash: return "crash";
    case FaultKind::power_off: return "power_off";
    case FaultKind::restart: return "restart";
    case FaultKind::freeze: return "freeze";
    case FaultKind::partition: return "partition";
  }
  return "?";
}

void FaultMetrics::record(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  assert(!finished_);
  std::visit(Overloaded{
                 [&](const models::ProcessStopped& s) {
                   if (!s.removed) on_stopped(time_ns, node, s.silent);  // a removed server's shutdown is no fault
                 },
                 [&](const models::ProcessStarted&) { on_started(time_ns, node); },
                 [&](const models::ProcessPaused& p) {
                   add_fault(time_ns, FaultKind::freeze, node, process_label(node));
                   faults_.back().duration_ns = p.duration_ns;
                 },
                 [&](const models::NetworkPartitioned& p) {
                   if (p.groups.empty()) return;  // a heal
                   add_fault(time_ns, FaultKind::partition, models::kNoNode, partition_label(p));
                 },
                 [&](const models::RequestCompleted& r) { on_completed(time_ns, node, r); },
                 [&](const models::SessionEstablished&) { on_established(time_ns, node); },
                 [&](const models::SessionExpired& e) { on_told_expired(time_ns, node, e); },
                 [&](const models::SessionClosed& c) { on_closed(time_ns, c); },
                 [](const auto&) {},
             },
             what);
}

void FaultMetrics::add_fault(models::Time time_ns, FaultKind kind, models::NodeId node, std::string target) {
  FaultRecord f;
  f.kind = kind;
  f.node = node;
  f.target = std::move(target);
  f.at_ns = time_ns;
  faults_.push_back(std::move(f));
  away_.push_back(0);
  const std::size_t w = writes_.add_moment(time_ns), r = reads_.add_moment(time_ns);
  assert(w == faults_.size() - 1 && r == w);
}

void FaultMetrics::on_stopped(models::Time time_ns, models::NodeId node, bool silent) {
  stopped_.insert(node);
  add_fault(time_ns, silent ? FaultKind::power_off : FaultKind::crash, node, process_label(node));
}

// A start is a fault only for a process a fault stopped: first starts (of the run, of a server
// added later) are not. A running process restarted is stopped and started at the same instant:
// one restart, not a crash and a restart.
void FaultMetrics::on_started(models::Time time_ns, models::NodeId node) {
  if (!stopped_.erase(node)) return;
  FaultRecord* last = faults_.empty() ? nullptr : &faults_.back();
  if (last && last->kind == FaultKind::crash && last->node == node && last->at_ns == time_ns) {
    last->kind = FaultKind::restart;
    return;
  }
  add_fault(time_ns, FaultKind::restart, node, process_label(node));
}

void FaultMetrics::on_completed(models::Time time_ns, models::NodeId client, const models::RequestCompleted& r) {
  if (r.status == models::Status::ok) {
    (r.kind == models::OpKind::write ? writes_ : reads_).completed(time_ns);
  } else if (r.status == models::Status::connection_loss) {
    lose(time_ns, client);
  }
}

// A client seen connected again while it still looked connected lost its connection unseen (it
// had nothing in flight): the loss and the reconnection are this instant.
void FaultMetrics::on_established(models::Time time_ns, models::NodeId client) {
  auto [it, first] = clients_.try_emplace(client);
  ClientState& c = it->second;
  if (!first && c.connected) lose(time_ns, client);
  if (c.away) reconnect(time_ns, c);
  c.connected = true;
}

void FaultMetrics::on_told_expired(models::Time time_ns, models::NodeId client, const models::SessionExpired& e) {
  lose(time_ns, client);
  if (faults_.empty()) return;
  ++faults_.back().expiries_seen_by_clients;
  faults_.back().watches_lost += e.watches_lost;
}

void FaultMetrics::on_closed(models::Time time_ns, const models::SessionClosed& c) {
  if (!c.expired) return;
  ++sessions_expired_;
  expiry_storm_.add(time_ns);
  if (faults_.empty()) return;
  FaultRecord& f = faults_.back();
  ++f.sessions_expired;
  f.ephemerals_deleted += c.ephemerals_deleted;
  f.expiry_storm.add(time_ns);
}

// Only a client that was connected can lose its connection; the loss counts for the latest fault.
void FaultMetrics::lose(models::Time, models::NodeId client) {
  auto it = clients_.find(client);
  if (it == clients_.end() || !it->second.connected) return;
  ClientState& c = it->second;
  c.connected = false;
  c.away = true;
  c.lost_for = faults_.empty() ? SIZE_MAX : faults_.size() - 1;
  if (c.lost_for == SIZE_MAX) return;  // before any fault: not a fault's doing
  ++away_[c.lost_for];
  if (c.counted_for != c.lost_for) {
    c.counted_for = c.lost_for;
    ++faults_[c.lost_for].clients_disconnected;
  }
}

void FaultMetrics::reconnect(models::Time time_ns, ClientState& c) {
  c.away = false;
  if (c.lost_for == SIZE_MAX) return;
  --away_[c.lost_for];
  auto& last = faults_[c.lost_for].last_reconnected_ns;
  last = std::max(last.value_or(time_ns), time_ns);
  c.lost_for = SIZE_MAX;
}

void FaultMetrics::finish(models::Time end_ns) {
  assert(!finished_);
  finished_ = true;
  writes_.finish(end_ns);
  reads_.finish(end_ns);
  for (std::size_t i = 0; i < faults_.size(); ++i) {
    FaultRecord& f = faults_[i];
    f.write_gap = writes_.longest(i);
    f.read_gap = reads_.longest(i);
    f.clients_not_reconnected = away_[i];
    if (away_[i] > 0) f.last_reconnected_ns.reset();  // the last of them never came back
  }
}

}  // namespace analysis
