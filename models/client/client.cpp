#include "models/client/client.hpp"

#include <algorithm>
#include <cassert>

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
  strategy_ = std::move(made.strategy);
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
  strategy_->set_members(balancing::equal_members(config_.servers), rng_);
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

void Client::connect(Time now, Effects& out) { connect_to(now, pick_server(now), out); }

// The strategy's choice for this connection attempt (hash strategies hash the client and attempt).
NodeId Client::pick_server(Time now) {
  std::uint64_t attempt = (static_cast<std::uint64_t>(config_.id) << 32) | failed_attempts_;
  return strategy_->pick(balancing::PickContext{splitmix64(attempt), now, nullptr}, rng_);
}

// The session moves: the old connection is closed (what was in flight fails, as on any connection
// loss) and the session reconnects to target, where its re-establishment is observed as
// SessionMoved.
void Client::move_session(Time now, NodeId target, Effects& out) {
  out.send(server_, CloseConnection{});
  fail_in_flight(out);
  failed_attempts_ = 0;
  connect_to(now, target, out);
}

void Client::connect_to(Time now, NodeId server, Effects& out) {
  server_ = server;
  assert(server_ != kNoNode);
  connected_ = false;
  last_heard_ns_ = now;
  out.send(server_, ConnectRequest{session_, config_.session_timeout_ns, last_zxid_seen_});
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
      [&](const ConnectResponse& m) { if (from_our_server()) on_connect_response(now, m, out); },
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

void Client::on_connect_response(Time now, const ConnectResponse& response, Effects& out) {
  if (response.expired) return on_session_expired(now, out);
  if (!response.accepted) return connect_next(now, out);
  connected_ = true;
  failed_attempts_ = 0;
  const bool fresh = session_ == 0;
  if (!fresh && session_server_ != server_) out.observe_that(SessionMoved{session_server_, server_});
  session_ = response.session;
  session_server_ = server_;
  const Zxid seen_before = last_zxid_seen_;  // ZooKeeper sends SetWatches with it, before any answer
  last_zxid_seen_ = std::max(last_zxid_seen_, response.zxid);
  out.observe_that(SessionEstablished{server_, session_, fresh});
  out.set_timer(kPing, now + config_.session_timeout_ns / 3);
  if (!fresh) reregister_watches(seen_before, out);  // first on the new connection, as ZooKeeper sends it
  send_pending(now, out);
  if (workload_->spec().loop == LoopKind::closed)
    while (pending_.size() < workload_->spec().outstanding) issue(now, out);
}

// The ensemble closed the session while we were away: its ephemeral znodes and watches are gone.
// The client starts a new session at once (ZooKeeper's application would make a new handle).
void Client::on_session_expired(Time now, Effects& out) {
  assert(sent_ == 0);  // nothing is sent before the connection is accepted
  out.observe_that(SessionExpired{server_, session_});
  watches_.clear();  // they went with the session
  session_ = 0;
  session_server_ = kNoNode;
  failed_attempts_ = 0;
  connect(now, out);
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
