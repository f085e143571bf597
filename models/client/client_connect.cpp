// A client's connections: attempts, timeouts, pings, and what happens between attempts, which is
// where the two libraries differ (models/client/client_library.hpp). Cited functions are from
// ZooKeeper 3.8: ClientCnxn.java (SendThread.run, startConnect, cleanup, onConnected),
// ClientCnxnSocketNIO.java (cleanup), client/StaticHostProvider.java (next, onConnected) and
// zookeeper-client-c/src/zookeeper.c (zookeeper_interest, handle_error, cleanup).
#include <cassert>
#include <utility>

#include "models/client/client.hpp"

namespace models {

// The first connection of a handle: no sleep of either library (StaticHostProvider.next does not
// sleep on the first ever attempt, startConnect not while isFirstConnect).
void Client::connect(Time now, Effects& out) { attempt(now, pick_server(now), out); }

// The strategy's choice for this connection attempt (hash strategies hash the client and attempt;
// zk_host_provider is StaticHostProvider.next(1000)).
NodeId Client::pick_server(Time now) {
  std::uint64_t attempt_key = (static_cast<std::uint64_t>(config_.id) << 32) | failed_attempts_;
  return strategy_->pick(balancing::PickContext{splitmix64(attempt_key), now, nullptr}, rng_);
}

void Client::attempt(Time now, NodeId server, Effects& out) {
  if (now != instant_ns_) {
    instant_ns_ = now;
    attempts_at_instant_ = 0;
  }
  ++attempts_at_instant_;
  connect_to(now, server, out);
}

// Every attempt is a new socket (ClientCnxnSocketNIO.connect, zookeeper.c's handle's new fd): an
// answer that arrives later on the socket of an attempt given up is never read.
void Client::connect_to(Time now, NodeId server, Effects& out) {
  server_ = server;
  assert(server_ != kNoNode);
  connected_ = false;
  last_heard_ns_ = now;
  ++attempt_;
  out.send(server_, ConnectRequest{session_, config_.session_timeout_ns, last_zxid_seen_, attempt_});
  out.set_timer(kSilence, silence_deadline_ns());
}

// Connected: the read timeout, 2s/3 without a word from the server. Connecting: java's connect
// timeout s / (number of servers); the C client's one timeout 2s/3 (zookeeper_interest's recv_to).
Time Client::silence_deadline_ns() const {
  const Time s = config_.session_timeout_ns;
  return last_heard_ns_ +
         (connected_ ? read_timeout_ns(s) : connect_timeout_ns(config_.library, s, config_.servers.size()));
}

void Client::on_connect_response(Time now, const ConnectResponse& response, Effects& out) {
  ever_connected_ = true;  // the TCP connection was made (primeConnection clears isFirstConnect)
  if (response.expired) return on_session_expired(now, out);
  if (!response.accepted) return on_connection_failed(now, out);  // the server closed it
  connected_ = true;
  if (std::exchange(suspended_, false)) out.cancel_timer(kSuspended);  // curator: RECONNECTED
  failed_attempts_ = 0;
  if (host_provider_) host_provider_->on_connected();  // ClientCnxn.onConnected: hostProvider.onConnected()
  const bool fresh = session_ == 0;
  if (!fresh && session_server_ != server_) out.observe_that(SessionMoved{session_server_, server_, moving_for_});
  moving_for_ = MoveCause::reconnect;
  session_ = response.session;
  session_server_ = server_;
  const Zxid seen_before = last_zxid_seen_;  // ZooKeeper sends SetWatches with it, before any answer
  last_zxid_seen_ = std::max(last_zxid_seen_, response.zxid);
  out.observe_that(SessionEstablished{server_, session_, fresh});
  out.set_timer(kSilence, silence_deadline_ns());  // from now on the read timeout
  out.set_timer(kPing, now + ping_idle_ns(config_.library, config_.session_timeout_ns));
  if (!fresh) reregister_watches(seen_before, out);  // first on the new connection, as ZooKeeper sends it
  send_pending(now, out);
  refill(now, out);
}

// A refused or unanswered attempt, or a lost connection (reset, silence, closed by the server):
// both libraries' cleanup fails every call held, then each waits its own way before the next
// attempt. The caller of a closed-loop workload retries its failed calls at once.
void Client::on_connection_failed(Time now, Effects& out) {
  fail_all(out, Status::connection_loss);
  if (connected_ && config_.curator_expiry && !suspended_) {  // curator: SUSPENDED from here
    suspended_ = true;
    out.set_timer(kSuspended, now + config_.session_timeout_ns);
  }
  connected_ = false;
  server_ = kNoNode;
  if (host_provider_) host_provider_->on_disconnected();
  out.cancel_timer(kSilence);
  const bool round_done = ++failed_attempts_ >= config_.servers.size();
  if (round_done) failed_attempts_ = 0;
  if (config_.library == ClientLibrary::java) {
    spin_due_ = round_done;
    out.set_timer(kReconnect, now + kJavaCleanupPauseNs);  // ClientCnxnSocketNIO.cleanup: Thread.sleep(100)
  } else {
    c_reconnect(now, round_done, out);
  }
  refill(now, out);
}

// SendThread.run after cleanup: hostProvider.next(1000), which sleeps spinDelay when the walk is
// back at the server of the last successful connection (other strategies: after a whole round of
// failed attempts), then startConnect's random sleep of 0-999 ms once a connection was ever made.
void Client::java_reconnect(Time now, Effects& out) {
  const NodeId server = pick_server(now);
  const bool spin = host_provider_ ? host_provider_->last_pick_sleeps() : spin_due_;
  spin_due_ = false;
  Time sleep_ns = spin ? config_.spin_delay_ns : 0;
  if (ever_connected_) sleep_ns += ms(rng_.uniform_int(0, kJavaReconnectSleepMsBound - 1));
  if (sleep_ns == 0) return attempt(now, server, out);
  target_ = server;
  out.set_timer(kConnect, now + sleep_ns);
}

// handle_error sets delay when the list is at its end; zookeeper_interest then polls
// recv_timeout / 60 before the next attempt, otherwise it connects at once. A call made during the
// wait wakes the IO thread (adaptor_send_queue), which then connects at once: a synchronous caller
// retrying on error busy-loops over the servers. The runtime refuses an attempt to a dead process
// in zero simulated time, where the real refusal costs a round trip; so that such a loop cannot
// spin within one instant, a whole list refused within one instant waits out the delay uncut.
void Client::c_reconnect(Time now, bool round_done, Effects& out) {
  const bool list_end = host_provider_ ? host_provider_->at_end() : round_done;
  const bool zero_time_round = instant_ns_ == now && attempts_at_instant_ >= config_.servers.size();
  if (!list_end && !zero_time_round) return attempt(now, pick_server(now), out);
  paused_ = true;
  pause_firm_ = zero_time_round;
  out.set_timer(kReconnect, now + c_list_end_pause_ns(config_.session_timeout_ns));
}

void Client::c_cut_pause_short(Time now, Effects& out) {
  if (config_.library != ClientLibrary::c || !paused_ || pause_firm_) return;
  paused_ = false;
  out.cancel_timer(kReconnect);
  attempt(now, pick_server(now), out);
}

// java (SendThread.run): a ping once readTimeout / 2 passed without sending, queued behind
// whatever is outstanding. c (zookeeper_interest): after s/3 without sending, but only when
// sent_requests is empty; otherwise it looks again s/3 later, or after the next reply.
void Client::on_ping_timer(Time now, Effects& out) {
  if (!connected_) return;  // armed again by the next connection
  const Time idle_ns = ping_idle_ns(config_.library, config_.session_timeout_ns);
  if (now - last_sent_ns_ >= idle_ns) {
    if (config_.library == ClientLibrary::c && !pending_.empty()) {
      out.set_timer(kPing, now + idle_ns);
      return;
    }
    send_ping(now, out);
  }
  out.set_timer(kPing, last_sent_ns_ + idle_ns);  // after now either way
}

// c: the reply that empties sent_requests is IO, after which zookeeper_interest pings if due.
void Client::c_ping_when_idle(Time now, Effects& out) {
  if (config_.library != ClientLibrary::c || !connected_ || !pending_.empty()) return;
  const Time idle_ns = ping_idle_ns(config_.library, config_.session_timeout_ns);
  if (now - last_sent_ns_ < idle_ns) return;
  send_ping(now, out);
  out.set_timer(kPing, now + idle_ns);
}

void Client::send_ping(Time now, Effects& out) {
  out.send(server_, ClientPing{false});
  last_sent_ns_ = now;
}

// The session moves at once (a strategy switch, or a rebalance of the C library or of a strategy
// other than zk_host_provider): the old connection is closed, what was in flight fails, and the
// session reconnects to target, where its re-establishment is observed as SessionMoved.
void Client::move_session(Time now, NodeId target, MoveCause cause, Effects& out) {
  moving_for_ = cause;
  out.send(server_, CloseConnection{});
  fail_in_flight(out);
  failed_attempts_ = 0;
  if (host_provider_) host_provider_->on_disconnected();
  attempt(now, target, out);
}

}  // namespace models
