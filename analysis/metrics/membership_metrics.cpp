#include "analysis/metrics/membership_metrics.hpp"

#include <algorithm>
#include <cassert>

#include "models/core/visit.hpp"

namespace analysis {

using models::Overloaded;

void MembershipMetrics::record(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  if (!warmup_taken_ && time_ns >= warmup_ns_) {
    warmup_ = snapshot(warmup_ns_);
    warmup_taken_ = true;
  }
  std::visit(Overloaded{
                 [&](const models::ReconfigEvent& e) { on_reconfig(time_ns, e); },
                 [&](const models::RequestCompleted& r) { on_completed(time_ns, r); },
                 [&](const models::RequestIssued& r) {
                   if (r.kind == models::OpKind::write) write_issue_times_.push_back(time_ns);
                 },
                 [&](const models::RequestServed&) { ++served_[node]; },
                 [&](const models::SessionEstablished& s) { session_server_[node] = s.server; },
                 [&](const models::SessionMoved& m) {
                   session_server_[node] = m.to_server;
                   // Only the moves the change caused: a client rebalancing to its new list (a
                   // reconnect after a failure, or a strategy switch, is not the change's doing).
                   if (m.cause == models::MoveCause::rebalance && !changes_.empty() && changes_.back().committed_ns)
                     ++changes_.back().sessions_moved;
                 },
                 [](const auto&) {},
             },
             what);
}

void MembershipMetrics::on_completed(models::Time time_ns, const models::RequestCompleted& r) {
  if (r.status != models::Status::ok) return;
  if (r.kind == models::OpKind::read) {
    ++reads_ok_;
    return;
  }
  ++writes_ok_;
  write_latency_ns_sum_ += static_cast<double>(time_ns - r.issued_ns);
  write_times_.push_back(time_ns);  // observations arrive in time order
}

// The phases of one reconfig, matched to the change by its request id (the reconfig transaction
// carries it) and, for activations that do not carry it, by the configuration's version.
void MembershipMetrics::on_reconfig(models::Time time_ns, const models::ReconfigEvent& e) {
  auto by_request = change_of_request_.find(e.request_id);
  auto by_version = change_of_version_.find(e.version);
  std::size_t index = by_request != change_of_request_.end() ? by_request->second
                      : by_version != change_of_version_.end() && e.version != 0 ? by_version->second
                                                                                 : SIZE_MAX;
  if (index == SIZE_MAX) return;  // a reconfig no change of ours asked for
  MembershipChangeRecord& c = changes_[index];
  const auto set_configs = [&] {
    if (e.old_config && c.voters_before.empty()) {
      c.voters_before = e.old_config->voters;
      c.observers_before = e.old_config->observers;
      c.quorums_before = models::describe_layout(*e.old_config);
    }
    if (e.new_config) {
      c.voters_after = e.new_config->voters;
      c.observers_after = e.new_config->observers;
      c.quorums_after = models::describe_layout(*e.new_config);
      c.version = e.new_config->version;
      change_of_version_[c.version] = index;
    }
  };
  switch (e.phase) {
    case models::ReconfigPhase::requested:
      if (!c.requested_ns) c.requested_ns = time_ns;
      if (e.old_config && c.voters_before.empty()) set_configs();
      return;
    case models::ReconfigPhase::refused:
      c.refusals.push_back({time_ns, e.request_id, models::reconfig_refusal_name(e.refusal)});
      return;
    case models::ReconfigPhase::proposed:
      c.voters_before.clear();  // the configuration the leader changed is the authority
      set_configs();
      if (!c.proposed_ns) c.proposed_ns = time_ns;
      return;
    case models::ReconfigPhase::committed:
      set_configs();
      if (!c.committed_ns) {
        c.committed_ns = time_ns;
        c.committed = snapshot(time_ns);
      }
      return;
    case models::ReconfigPhase::activated:
      set_configs();
      if (!c.first_activated_ns) c.first_activated_ns = time_ns;
      c.last_activated_ns = time_ns;
      if (!c.committed_ns) {  // committed by a new leader's establishment: no commit observed
        c.committed_ns = time_ns;
        c.committed = snapshot(time_ns);
      }
      return;
  }
}

std::size_t MembershipMetrics::begin_change(models::Time now_ns, std::string kind, std::string label, double factor) {
  if (!changes_.empty()) changes_.back().ended = snapshot(now_ns);
  MembershipChangeRecord c;
  c.kind = std::move(kind);
  c.label = std::move(label);
  c.planned_factor = factor;
  c.begun = snapshot(now_ns);
  changes_.push_back(std::move(c));
  return changes_.size() - 1;
}

void MembershipMetrics::add_request(std::size_t change, std::uint64_t request_id) {
  assert(change < changes_.size());
  changes_[change].request_ids.push_back(request_id);
  change_of_request_[request_id] = change;
}

void MembershipMetrics::abandon(std::size_t change, std::string reason) { changes_.at(change).abandoned = std::move(reason); }

void MembershipMetrics::finish(models::Time end_ns) {
  if (!warmup_taken_) {
    warmup_ = snapshot(std::min(warmup_ns_, end_ns));
    warmup_taken_ = true;
  }
  if (!changes_.empty()) changes_.back().ended = snapshot(end_ns);
}

MembershipSnapshot MembershipMetrics::snapshot(models::Time now_ns) const {
  MembershipSnapshot s;
  s.at_ns = now_ns;
  for (const auto& [client, server] : session_server_) ++s.sessions[server];
  s.served = served_;
  s.reads_ok = reads_ok_;
  s.writes_ok = writes_ok_;
  s.write_latency_ns_sum = write_latency_ns_sum_;
  return s;
}

bool MembershipMetrics::writes_wanted(models::Time from_ns, models::Time to_ns) const {
  const auto any_in = [&](const std::vector<models::Time>& times) {
    auto it = std::lower_bound(times.begin(), times.end(), from_ns);
    return it != times.end() && *it <= to_ns;
  };
  return any_in(write_issue_times_) || any_in(write_times_);
}

models::Time MembershipMetrics::longest_write_gap_ns(models::Time from_ns, models::Time to_ns) const {
  // The gap that contains from_ns starts at the last write at or before it.
  auto it = std::upper_bound(write_times_.begin(), write_times_.end(), from_ns);
  models::Time previous = it == write_times_.begin() ? from_ns : *(it - 1);
  models::Time longest = 0;
  for (; it != write_times_.end() && previous <= to_ns; ++it) {
    longest = std::max(longest, *it - previous);
    previous = *it;
  }
  if (previous <= to_ns) longest = std::max(longest, to_ns - previous);  // no write since: still stalled
  return longest;
}

}  // namespace analysis
