#include "models/client/app_client.hpp"

#include <cassert>
#include <charconv>

#include "models/core/visit.hpp"

namespace models {

namespace {
// The client's request stream is its own, apart from the session's (which reconnects draw from).
constexpr std::uint64_t kRequestStream = 0xa99c'0000'0000ull;
}  // namespace

AppClient::AppClient(AppClientConfig config)
    : config_(std::move(config)),
      zk_(make_session_client(config_.session)),
      rng_(Rng::for_stream(config_.session.seed, kRequestStream + config_.session.id)) {
  balancing::MadeStrategy made = balancing::make_strategy(config_.strategy, config_.strategy_options);
  assert(made.strategy && "the scenario validates strategy names");
  strategy_ = std::move(made.strategy);
  assert(config_.keys > 0 && config_.request_timeout_ns > 0);
}

Effects AppClient::on_start(Time now) {
  Effects out = after_session(now, zk_->on_start(now));
  if (now >= config_.session.start_ns) schedule_arrival(now, out);
  else out.set_timer(kArrival, config_.session.start_ns);
  return out;
}

Effects AppClient::on_message(Time now, NodeId from, const Message& message) {
  Effects out;
  // The ZooKeeper session's kinds, and those no node of this host is sent (the session ignores them).
  const auto to_session = [&](const auto&) { out.merge(after_session(now, zk_->on_message(now, from, message))); };
  dispatch(message, Overloaded{
      [&](const AppReply& reply) {
        auto it = in_flight_.find(reply.request_id);
        if (it != in_flight_.end() && it->second.backend == from) finish(reply.request_id, true, out);
      },
      // The answer to our listing of the service's children is ours; the session sees it too.
      [&](const ClientReply& reply) {
        if (from == zk_->server() && reply.cxid == children_cxid_ && children_cxid_ != 0) on_children(now, reply, out);
        to_session(reply);
      },
      each<ConnectResponse, WatchEvent, CloseConnection, ConfigChanged>(to_session),
      each<Notification, FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap, NewLeader, UpToDate, Proposal, Ack,
           Commit, Inform, Ping, CommitAndActivate, InformAndActivate, ForwardedRequest, ConnectRequest,
           ClientRequest, ClientPing, ReconfigRequest, AppRequest, SetWatches, Revalidate>(to_session),
  });
  return out;
}

Effects AppClient::on_timer(Time now, TimerId timer) {
  if (timer < kHolderTimerBase) return after_session(now, zk_->on_timer(now, timer));
  Effects out;
  if (timer == kArrival) {
    send_request(now, out);
    schedule_arrival(now, out);
  } else if (timer == kTimeout) {
    expire_requests(now, out);
  } else if (timer == kListRetry) {
    list_backends(now, out);
  }
  return out;
}

// A reset connection to a backend (its process crashed) fails what was in flight to it; the
// backend stays in the list until its registration disappears.
Effects AppClient::on_peer_lost(Time now, NodeId peer) {
  Effects out = after_session(now, zk_->on_peer_lost(now, peer));
  if (!is_app_server(peer)) return out;
  std::vector<std::uint64_t> lost;
  for (const auto& [request_id, f] : in_flight_)
    if (f.backend == peer) lost.push_back(request_id);
  for (std::uint64_t request_id : lost) finish(request_id, false, out);
  return out;
}

// Watches are one-shot and die with the connection they were set on: read the list again (with a
// new watch) whenever the session is (re-)established or the watch fired.
Effects AppClient::after_session(Time now, Effects effects) {
  if (session_established(effects) || watch_fired_on(effects, config_.service_path)) list_backends(now, effects);
  return effects;
}

void AppClient::list_backends(Time now, Effects& out) {
  children_cxid_ = zk_->next_cxid();
  Op op{OpKind::read, 0, 0, OpCode::children, config_.service_path};
  op.watch = true;
  out.merge(zk_->submit(now, op));
}

void AppClient::on_children(Time now, const ClientReply& reply, Effects& out) {
  children_cxid_ = 0;
  if (reply.status != Status::ok) {  // no service registered yet: look again soon
    out.set_timer(kListRetry, now + config_.list_retry_ns);
    return;
  }
  std::vector<balancing::Member> members;
  for (const std::string& name : reply.names) {
    NodeId backend = kNoNode;
    const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), backend);
    if (error == std::errc{} && end == name.data() + name.size() && is_app_server(backend))
      members.push_back({backend, balancing::weight_of(backend, config_.strategy_options.weights)});
  }
  strategy_->set_members(std::move(members), rng_);
  out.observe_that(BackendsChanged{static_cast<std::uint32_t>(strategy_->members().size())});
}

void AppClient::send_request(Time now, Effects& out) {
  const std::uint64_t request_id = next_request_++;
  std::uint64_t key = rng_.uniform_u64(config_.keys);
  const NodeId backend = strategy_->pick(balancing::PickContext{splitmix64(key), now, &load_}, rng_);
  if (backend == kNoNode || in_flight_.size() >= config_.max_in_flight) {
    out.observe_that(AppRequestDone{backend, request_id, false, now});  // nowhere to send it
    return;
  }
  const bool was_idle = in_flight_.empty();
  in_flight_[request_id] = {backend, now};
  load_.add(backend, 1);
  out.send(backend, AppRequest{request_id, config_.request_bytes});
  out.observe_that(AppRequestSent{backend, request_id});
  if (was_idle) arm_timeout(out);
}

void AppClient::finish(std::uint64_t request_id, bool ok, Effects& out) {
  auto it = in_flight_.find(request_id);
  assert(it != in_flight_.end());
  const bool was_first = it == in_flight_.begin();
  load_.add(it->second.backend, -1);
  out.observe_that(AppRequestDone{it->second.backend, request_id, ok, it->second.issued_ns});
  in_flight_.erase(it);
  if (was_first) arm_timeout(out);
}

// Every request has the same timeout, so the oldest in flight is the next to expire.
void AppClient::arm_timeout(Effects& out) {
  if (in_flight_.empty()) out.cancel_timer(kTimeout);
  else out.set_timer(kTimeout, in_flight_.begin()->second.issued_ns + config_.request_timeout_ns);
}

void AppClient::expire_requests(Time now, Effects& out) {
  while (!in_flight_.empty() && in_flight_.begin()->second.issued_ns + config_.request_timeout_ns <= now)
    finish(in_flight_.begin()->first, false, out);
}

void AppClient::schedule_arrival(Time now, Effects& out) {
  const Time gap_ns = poisson_gap_ns(rng_, config_.rate_per_s);
  if (gap_ns != kNever) out.set_timer(kArrival, now + gap_ns);
}

Effects AppClient::on_control(Time now, const Control& control) {
  const auto* c = std::get_if<SetStrategy>(&control);
  assert(c && "the runtime gives a node only the controls it takes");
  return c ? set_strategy(now, c->name, c->options) : Effects{};
}

Effects AppClient::set_strategy(Time, const std::string& name, const balancing::StrategyOptions& options) {
  balancing::MadeStrategy made = balancing::make_strategy(name, options);
  assert(made.strategy && "the scenario validates strategy names");
  std::vector<balancing::Member> members = strategy_->members();
  for (balancing::Member& m : members) m.weight = balancing::weight_of(m.id, options.weights);  // the new strategy's
  strategy_ = std::move(made.strategy);
  strategy_->set_members(std::move(members), rng_);
  config_.strategy = name;
  config_.strategy_options = options;
  return {};
}

void AppClient::check_invariants() const {
  zk_->check_invariants();
  assert(in_flight_.size() <= config_.max_in_flight);
}

}  // namespace models
