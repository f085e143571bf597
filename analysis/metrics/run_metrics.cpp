#include "analysis/metrics/run_metrics.hpp"

#include <algorithm>
#include <cassert>

namespace analysis {

RunMetrics::RunMetrics(MetricsWindow window) : window_(window), in_flight_(window.request_timeout_ns) {
  assert(window_.interval_ns > 0 && window_.end_ns >= window_.warmup_ns);
  const auto count = static_cast<std::size_t>((window_.end_ns + window_.interval_ns - 1) / window_.interval_ns);
  intervals_.resize(std::max<std::size_t>(count, 1));
  for (std::size_t i = 0; i < intervals_.size(); ++i)
    intervals_[i].start_ns = static_cast<models::Time>(i) * window_.interval_ns;
}

IntervalStats& RunMetrics::interval_at(models::Time time_ns) {
  auto i = static_cast<std::size_t>(std::max<models::Time>(time_ns, 0) / window_.interval_ns);
  return intervals_[std::min(i, intervals_.size() - 1)];
}

void RunMetrics::record(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  assert(!finished_);
  if (const auto* r = std::get_if<models::RequestCompleted>(&what)) return on_completed(time_ns, node, *r);
  if (const auto* r = std::get_if<models::RequestIssued>(&what)) return on_sent(time_ns, node, *r);
  if (std::holds_alternative<models::RequestServed>(what)) {
    if (measured(time_ns)) ++served_[node];
    return;
  }
  if (std::holds_alternative<models::TxnDelivered>(what)) return count_commit(time_ns, node);
  reach_.record(node, what);
  if (const auto* l = std::get_if<models::LeaderEstablished>(&what)) {
    close_leadership(time_ns, node);
    open_leadership_[node] = leaderships_.size();
    leaderships_.push_back({node, l->epoch, time_ns});
    leader_up(time_ns, node);
  } else if (std::holds_alternative<models::LeadershipLost>(what) ||
             std::holds_alternative<models::ProcessStopped>(what)) {
    if (const auto* s = std::get_if<models::ProcessStopped>(&what)) {
      if (s->removed) shut_down_removed_.insert(node);
      roles_.erase(node);
      track_serving(time_ns, node, false);
    }
    close_leadership(time_ns, node);
    leader_down(time_ns, node);
  } else if (const auto* c = std::get_if<models::StateChanged>(&what)) {
    roles_[node] = c->state;
    track_serving(time_ns, node, c->state != models::PeerState::looking);
    if (c->state != models::PeerState::leading) {
      close_leadership(time_ns, node);
      leader_down(time_ns, node);
    }
  } else if (const auto* e = std::get_if<models::ElectionFinished>(&what)) {
    elections_.push_back({node, e->leader, e->peer_epoch, e->started_ns, time_ns});
  }
  update_service(time_ns);
}

void RunMetrics::close_leadership(models::Time time_ns, models::NodeId node) {
  auto it = open_leadership_.find(node);
  if (it == open_leadership_.end()) return;
  leaderships_[it->second].to_ns = time_ns;
  open_leadership_.erase(it);
}

void RunMetrics::count_commit(models::Time time_ns, models::NodeId node) {
  auto it = open_leadership_.find(node);
  if (it == open_leadership_.end()) return;
  ++leaderships_[it->second].commits;
  leaderships_[it->second].last_commit_ns = time_ns;
}

void RunMetrics::on_sent(models::Time time_ns, models::NodeId client, const models::RequestIssued& r) {
  if (in_flight_.empty()) waiting_since_ns_ = time_ns;
  in_flight_.sent(time_ns, client, r.cxid);
}

void RunMetrics::on_completed(models::Time time_ns, models::NodeId client, const models::RequestCompleted& r) {
  const bool was_waiting = !in_flight_.empty();
  const std::optional<models::Time> late = in_flight_.answered(time_ns, client, r);
  if (was_waiting && in_flight_.empty()) mark_waited(waiting_since_ns_, time_ns);
  if (late) return fail_by_deadline(*late);  // the caller gave up then
  IntervalStats& interval = interval_at(time_ns);
  const bool ok = r.status == models::Status::ok;
  ++(ok ? interval.ok : interval.failed);
  if (ok) interval.latency.add(time_ns - r.issued_ns);
  if (!measured(time_ns)) return;
  if (!ok) {
    ++failed_;
    return;
  }
  ++ok_;
  all_.add(time_ns - r.issued_ns);
  (r.kind == models::OpKind::read ? reads_ : writes_).add(time_ns - r.issued_ns);
}

// A failure the caller saw at its deadline, in the interval of that moment. The answer, if one
// came, is not in the latency figures: its caller had stopped waiting.
void RunMetrics::fail_by_deadline(models::Time deadline_ns) {
  ++interval_at(deadline_ns).failed;
  if (!measured(deadline_ns)) return;
  ++failed_;
  ++failed_by_deadline_;
}

void RunMetrics::mark_waited(models::Time from_ns, models::Time to_ns) {
  IntervalStats* const last = &interval_at(std::min(to_ns, window_.end_ns));
  for (IntervalStats* i = &interval_at(from_ns); i <= last; ++i) i->waited = true;
}

void RunMetrics::leader_up(models::Time, models::NodeId leader) { leader_ = leader; }  // a hand-over: no gap

void RunMetrics::leader_down(models::Time, models::NodeId node) {
  if (node == leader_) leader_ = models::kNoNode;
}

void RunMetrics::update_service(models::Time time_ns) {
  const bool up = leader_ != models::kNoNode && reach_.reaches_quorum(leader_);
  if (up == service_up_) return;
  service_up_ = up;
  if (up) {
    up_since_ns_ = time_ns;
    if (outage_start_ns_) outages_.push_back({*outage_start_ns_, time_ns, outage_cause_});
    outage_start_ns_.reset();
    return;
  }
  add_leader_time(up_since_ns_, time_ns);
  outage_start_ns_ = time_ns;
  outage_cause_ = leader_ == models::kNoNode ? "no leader" : reach_.why_not(leader_);
}

// Splits a span with a leader over the measured window and the intervals it covers.
void RunMetrics::add_leader_time(models::Time from_ns, models::Time to_ns) {
  const models::Time a = std::max(from_ns, window_.warmup_ns), b = std::min(to_ns, window_.end_ns);
  if (b > a) leader_measured_ns_ += b - a;
  for (models::Time t = from_ns; t < std::min(to_ns, window_.end_ns);) {
    IntervalStats& interval = interval_at(t);
    const models::Time next = std::min({interval.start_ns + window_.interval_ns, to_ns, window_.end_ns});
    interval.leader_ns += next - t;
    t = next;
  }
}

bool RunMetrics::removed(models::NodeId server) const {
  const auto& newest = reach_.newest_config();
  return shut_down_removed_.count(server) > 0 || (newest && !newest->is_member(server));
}

void RunMetrics::track_serving(models::Time time_ns, models::NodeId node, bool serving) {
  auto it = serving_since_.find(node);
  if (serving) {
    if (it == serving_since_.end()) serving_since_[node] = time_ns;
    return;
  }
  if (it == serving_since_.end()) return;
  if (time_ns > window_.warmup_ns && it->second <= window_.end_ns) serving_in_window_.insert(node);
  serving_since_.erase(it);
}

void RunMetrics::finish() {
  if (finished_) return;
  for (const auto& [node, since_ns] : serving_since_)
    if (since_ns <= window_.end_ns) serving_in_window_.insert(node);
  if (service_up_) add_leader_time(up_since_ns_, window_.end_ns);
  if (!in_flight_.empty()) mark_waited(waiting_since_ns_, window_.end_ns);
  for (models::Time deadline_ns : in_flight_.passed_deadlines(window_.end_ns)) fail_by_deadline(deadline_ns);
  if (outage_start_ns_) outages_.push_back({*outage_start_ns_, window_.end_ns, outage_cause_});
  finished_ = true;
}

double RunMetrics::measured_seconds() const { return models::to_seconds(window_.end_ns - window_.warmup_ns); }

double RunMetrics::throughput_per_s() const {
  const double seconds = measured_seconds();
  return seconds > 0 ? static_cast<double>(ok_) / seconds : 0.0;
}

const LatencyHistogram& RunMetrics::latency(std::optional<models::OpKind> kind) const {
  if (!kind) return all_;
  return *kind == models::OpKind::read ? reads_ : writes_;
}

double RunMetrics::service_availability() const {
  const models::Time span = window_.end_ns - window_.warmup_ns;
  return span > 0 ? static_cast<double>(leader_measured_ns_) / static_cast<double>(span) : 0.0;
}

double RunMetrics::client_availability() const {
  const std::uint64_t total = ok_ + failed_;
  return total ? static_cast<double>(ok_) / static_cast<double>(total) : 1.0;
}

}  // namespace analysis
