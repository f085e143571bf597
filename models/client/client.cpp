#include "models/client/client.hpp"

#include <cassert>

namespace models {

Client::Client(ClientConfig config, std::shared_ptr<const Workload> workload)
    : config_(std::move(config)),
      workload_(std::move(workload)),
      rate_per_s_(workload_->spec().rate_per_s),
      rng_(Rng::for_stream(config_.seed, config_.id)) {
  assert(!config_.servers.empty());
  assert(workload_ != nullptr);
}

Effects Client::on_start(Time now) {
  Effects out;
  if (now >= config_.start_ns)
    start(now, out);
  else
    out.set_timer(kStart, config_.start_ns);
  return out;
}

void Client::start(Time now, Effects& out) {
  rng_.shuffle(config_.servers);  // the real client shuffles its connect string once
  connect(now, out);
  if (workload_->spec().loop == LoopKind::open) schedule_arrival(now, out);
}

void Client::connect_next(Time now, Effects& out) {
  connected_ = false;
  if (++failed_attempts_ < config_.servers.size()) {
    connect(now, out);
    return;
  }
  failed_attempts_ = 0;
  server_ = kNoNode;
  out.cancel_timer(kSilence);
  out.set_timer(kReconnect, now + config_.spin_delay_ns);
}

void Client::connect(Time now, Effects& out) {
  server_ = config_.servers[next_server_index_ % config_.servers.size()];
  ++next_server_index_;
  connected_ = false;
  last_heard_ns_ = now;
  out.send(server_, ConnectRequest{session_, config_.session_timeout_ns, 0});
  out.set_timer(kSilence, silence_deadline_ns());
}

// Connected: 2s/3 without a word from the server (ClientCnxn's readTimeout). Connecting: the
// connect timeout, s divided by the number of servers.
Time Client::silence_deadline_ns() const {
  const Time s = config_.session_timeout_ns;
  return last_heard_ns_ + (connected_ ? s * 2 / 3 : s / static_cast<Time>(config_.servers.size()));
}

void Client::schedule_arrival(Time now, Effects& out) {
  const Time gap_ns = poisson_gap_ns(rng_, rate_per_s_);
  if (gap_ns != kNever) out.set_timer(kArrival, now + gap_ns);
}

Effects Client::set_rate(Time now, double rate_per_s) {
  Effects out;
  rate_per_s_ = rate_per_s;
  if (workload_->spec().loop != LoopKind::open) return out;
  out.cancel_timer(kArrival);
  schedule_arrival(now, out);
  return out;
}

void Client::issue(Time now, Effects& out) {
  const std::uint64_t cxid = next_cxid_++;
  const Op op = workload_->next_op(rng_);
  if (pending_.size() >= config_.max_queued) {  // the outgoing queue is bounded, as it must be
    out.observe_that(RequestCompleted{server_, cxid, op.kind, Status::connection_loss, now, 0});
    return;
  }
  pending_.push_back({cxid, op, now});
  send_pending(now, out);
}

// Sent requests form a prefix of pending_; everything after it waits for a connection.
void Client::send_pending(Time now, Effects& out) {
  if (!connected_) return;
  for (; sent_ < pending_.size(); ++sent_) {
    const Pending& p = pending_[sent_];
    out.send(server_, ClientRequest{p.cxid, p.op});
    out.observe_that(RequestIssued{server_, p.cxid, p.op.kind});
    last_sent_ns_ = now;
  }
}

Effects Client::on_message(Time now, NodeId from, const Message& message) {
  Effects out;
  if (from != server_) return out;  // a late answer from a server we left
  last_heard_ns_ = now;
  if (const auto* m = std::get_if<ConnectResponse>(&message)) {
    if (!m->accepted) {
      connect_next(now, out);
      return out;
    }
    connected_ = true;
    failed_attempts_ = 0;
    session_ = m->session;
    out.set_timer(kPing, now + config_.session_timeout_ns / 3);
    send_pending(now, out);
    if (workload_->spec().loop == LoopKind::closed)
      while (pending_.size() < workload_->spec().outstanding) issue(now, out);
  } else if (const auto* m = std::get_if<ClientReply>(&message)) {
    on_reply(now, *m, out);
  } else if (std::holds_alternative<CloseConnection>(message)) {
    return on_peer_lost(now, from);
  } else if (const auto* m = std::get_if<ConfigChanged>(&message)) {
    on_config_changed(now, *m, out);  // membership hook, see client_rebalance.cpp
  }
  return out;
}

// Replies come back in the order the requests were sent (one FIFO connection, ZooKeeper's
// ordering guarantee); the checkers verify it from the observations.
void Client::on_reply(Time now, const ClientReply& reply, Effects& out) {
  if (sent_ == 0 || pending_.front().cxid != reply.cxid) return;
  const Pending done = pending_.front();
  pending_.pop_front();
  --sent_;
  out.observe_that(RequestCompleted{server_, done.cxid, done.op.kind, reply.status, done.issued_ns, reply.zxid});
  if (workload_->spec().loop == LoopKind::closed) issue(now, out);
}

void Client::fail_in_flight(Effects& out) {
  for (; sent_ > 0; --sent_) {
    const Pending lost = pending_.front();
    pending_.pop_front();
    out.observe_that(RequestCompleted{server_, lost.cxid, lost.op.kind, Status::connection_loss, lost.issued_ns, 0});
  }
}

Effects Client::on_timer(Time now, TimerId timer) {
  Effects out;
  if (timer == kStart) {
    start(now, out);
  } else if (timer == kArrival) {
    issue(now, out);
    schedule_arrival(now, out);
  } else if (timer == kPing) {
    if (!connected_) return out;  // armed again by the next connection
    if (now - last_sent_ns_ >= config_.session_timeout_ns / 3) {
      out.send(server_, ClientPing{false});
      last_sent_ns_ = now;
    }
    out.set_timer(kPing, last_sent_ns_ + config_.session_timeout_ns / 3);  // after now either way
  } else if (timer == kReconnect) {
    connect(now, out);
  } else if (timer == kRebalance) {
    rebalance(now, out);
  } else if (timer == kSilence) {
    const Time deadline = silence_deadline_ns();
    if (now < deadline) {
      out.set_timer(kSilence, deadline);  // heard from the server since: look again later
    } else {
      fail_in_flight(out);
      connect_next(now, out);
    }
  }
  return out;
}

Effects Client::on_peer_lost(Time now, NodeId peer) {
  Effects out;
  if (peer != server_) return out;
  fail_in_flight(out);
  connect_next(now, out);
  if (workload_->spec().loop == LoopKind::closed)
    while (pending_.size() < workload_->spec().outstanding) issue(now, out);
  return out;
}

void Client::check_invariants() const {
  assert(sent_ <= pending_.size());
  assert(connected_ || sent_ == 0);
  for (std::size_t i = 1; i < pending_.size(); ++i) assert(pending_[i - 1].cxid < pending_[i].cxid);
}

}  // namespace models
