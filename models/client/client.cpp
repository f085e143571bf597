#include "models/client/client.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

#include "models/balancing/registry.hpp"
#include "models/core/visit.hpp"

namespace models {

Client::Client(ClientConfig config, std::shared_ptr<const Workload> workload)
    : config_(std::move(config)),
      workload_(std::move(workload)),
      rate_per_s_(workload_->spec().rate_per_s),
      read_ratio_(workload_->spec().read_ratio),
      rng_(Rng::for_stream(config_.seed, config_.id)) {
  assert(!config_.servers.empty());
  assert(workload_ != nullptr);
  balancing::MadeStrategy made = balancing::make_strategy(config_.strategy, config_.strategy_options);
  assert(made.strategy && "unknown client strategy");
  set_strategy_object(std::move(made.strategy));
}

Effects Client::on_start(Time now) {
  Effects out;
  if (now >= config_.start_ns)
    start(now, out);
  else
    out.set_timer(kStart, config_.start_ns);
  return out;
}

// zk_host_provider shuffles the (sorted) connect string once here, with the client's own stream.
void Client::start(Time now, Effects& out) {
  strategy_->set_members(balancing::weighted_members(config_.servers, config_.strategy_options.weights), rng_);
  connect(now, out);
  if (workload_->spec().loop == LoopKind::open) schedule_arrival(now, out);
}

void Client::schedule_arrival(Time now, Effects& out) {
  const Time gap_ns = poisson_gap_ns(rng_, rate_per_s_);
  if (gap_ns != kNever) out.set_timer(kArrival, now + gap_ns);
}

Effects Client::on_control(Time now, const Control& control) {
  if (const auto* c = std::get_if<SetRate>(&control)) return set_rate(now, c->rate_per_s, c->read_ratio);
  if (const auto* c = std::get_if<SetStrategy>(&control)) return set_strategy(now, c->name, c->options);
  if (const auto* c = std::get_if<Submit>(&control)) return submit(now, c->op);
  assert(!takes(control));
  return {};
}

Effects Client::set_rate(Time now, double rate_per_s, double read_ratio) {
  Effects out;
  rate_per_s_ = rate_per_s;
  read_ratio_ = read_ratio;
  if (workload_->spec().loop != LoopKind::open) return out;
  out.cancel_timer(kArrival);
  schedule_arrival(now, out);
  return out;
}

void Client::issue(Time now, Effects& out) { enqueue(now, workload_->next_op(rng_, read_ratio_), out); }

Effects Client::submit(Time now, Op op) {
  Effects out;
  op.kind = kind_of(op.code, op.kind);
  enqueue(now, op, out);
  return out;
}

void Client::enqueue(Time now, const Op& op, Effects& out) {
  const std::uint64_t cxid = next_cxid_++;
  if (pending_.size() >= config_.max_queued) {  // the outgoing queue is bounded, as it must be
    out.observe_that(RequestCompleted{server_, cxid, op.kind, Status::connection_loss, now, 0});
    return;
  }
  // Calls leave in cxid order (check_invariants relies on it: it looks at the ends only).
  assert(pending_.empty() || pending_.back().cxid < cxid);
  pending_.push_back({cxid, op, now});
  send_pending(now, out);
  c_cut_pause_short(now, out);  // c: a new call wakes the IO thread, which connects at once
}

// A closed-loop workload is a caller that keeps `outstanding` calls open: it issues again at once
// for every call that failed (a synchronous caller that retries on error).
void Client::refill(Time now, Effects& out) {
  if (workload_->spec().loop != LoopKind::closed) return;
  while (pending_.size() < workload_->spec().outstanding) issue(now, out);
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
  // Anything else from our server shows it alive; from a server we left, it is a late answer.
  const auto from_our_server = [&] {
    if (from != server_) return false;
    last_heard_ns_ = now;
    return true;
  };
  dispatch(message, Overloaded{
      // A configuration is news from any server (its version orders it): a client that was
      // between servers when its own activated one must not miss it.
      [&](const ConfigChanged& m) { on_config_changed(now, m, out); },  // membership hook, see client_rebalance.cpp
      [&](const ConnectResponse& m) {
        if (from != server_) return;
        if (m.attempt != attempt_) return out.observe_that(ProbeReached{Probe::stale_connect_response_ignored, from});
        from_our_server();
        on_connect_response(now, m, out);
      },
      [&](const ClientReply& m) {
        if (!from_our_server()) return;
        last_zxid_seen_ = std::max(last_zxid_seen_, m.zxid);
        on_reply(now, m, out);
      },
      [&](const WatchEvent& m) {
        if (!from_our_server()) return;
        last_zxid_seen_ = std::max(last_zxid_seen_, m.zxid);
        note_watch_fired(m);
        out.observe_that(WatchTriggered{server_, m.event, m.path, m.zxid});
      },
      [&](const CloseConnection&) { if (from_our_server()) out = on_peer_lost(now, from); },
      // What a client is never sent.
      each<Notification, FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap, NewLeader, UpToDate, Proposal, Ack,
           Commit, Inform, Ping, CommitAndActivate, InformAndActivate, ForwardedRequest, ConnectRequest,
           ClientRequest, ClientPing, ReconfigRequest, AppRequest, AppReply, SetWatches, Revalidate>(
          [&](const auto&) { from_our_server(); }),
  });
  return out;
}

// Replies come back in the order the requests were sent (one FIFO connection, ZooKeeper's
// ordering guarantee); the checkers verify it from the observations.
void Client::on_reply(Time now, const ClientReply& reply, Effects& out) {
  if (sent_ == 0 || pending_.front().cxid != reply.cxid) return;
  const Pending done = pending_.front();
  pending_.pop_front();
  --sent_;
  if (done.op.watch) note_watch_set(done.op, reply.status);
  out.observe_that(RequestCompleted{server_, done.cxid, done.op.kind, reply.status, done.issued_ns, reply.zxid});
  if (workload_->spec().loop == LoopKind::closed) issue(now, out);
  c_ping_when_idle(now, out);
}

void Client::fail_in_flight(Effects& out) {
  for (; sent_ > 0; --sent_) {
    const Pending lost = pending_.front();
    pending_.pop_front();
    out.observe_that(RequestCompleted{server_, lost.cxid, lost.op.kind, Status::connection_loss, lost.issued_ns, 0});
  }
}

// ClientCnxn.SendThread.cleanup fails the pendingQueue and the outgoingQueue; zookeeper.c's
// cleanup_bufs every completion of sent_requests, which holds the calls not yet sent too.
void Client::fail_all(Effects& out, Status status) {
  fail_in_flight(out);
  for (const Pending& lost : pending_)
    out.observe_that(RequestCompleted{server_, lost.cxid, lost.op.kind, status, lost.issued_ns, 0});
  pending_.clear();
}

Effects Client::on_timer(Time now, TimerId timer) {
  Effects out;
  if (timer == kStart) {
    start(now, out);
  } else if (timer == kArrival) {
    issue(now, out);
    schedule_arrival(now, out);
  } else if (timer == kPing) {
    on_ping_timer(now, out);
  } else if (timer == kReconnect) {
    if (config_.library == ClientLibrary::java) {
      java_reconnect(now, out);
    } else {
      paused_ = pause_firm_ = false;
      attempt(now, pick_server(now), out);
    }
  } else if (timer == kConnect) {
    attempt(now, std::exchange(target_, kNoNode), out);
  } else if (timer == kSuspended) {
    on_suspended_too_long(now, out);
  } else if (timer == kRebalance) {
    rebalance(now, out);
  } else if (timer == kSilence) {
    if (server_ == kNoNode) return out;  // between attempts: nothing to time out
    const Time deadline = silence_deadline_ns();
    if (now < deadline)
      out.set_timer(kSilence, deadline);  // heard from the server since: look again later
    else
      on_connection_failed(now, out);
  }
  return out;
}

Effects Client::on_peer_lost(Time now, NodeId peer) {
  Effects out;
  if (peer != kNoNode && peer == server_) on_connection_failed(now, out);
  return out;
}

void Client::check_invariants() const {
  assert(sent_ <= pending_.size());
  assert(connected_ || sent_ == 0);
  // In cxid order: enqueue appends in order and only the front is taken (a walk over every call
  // at every input made a saturated run quadratic in its backlog).
  assert(pending_.empty() || pending_.front().cxid <= pending_.back().cxid);
}

}  // namespace models
