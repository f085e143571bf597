#include "sim/check/liveness.hpp"

#include <algorithm>
#include <cstdio>

#include "models/core/visit.hpp"
#include "models/election/fast_leader_election.hpp"

namespace sim::check {

namespace {

// Every server LOOKING at once: the round decides finalizeWait after the votes crossed, and a
// vote lost to a peer not yet LOOKING goes again after the empty polls (200, 400, 800 ms).
constexpr int kEmptyPollsAllowed = 3;

double election_bound_s() {
  double polls_ns = 0;
  models::Time timeout_ns = models::FastLeaderElection::kInitialNotificationTimeout;
  for (int i = 0; i < kEmptyPollsAllowed; ++i, timeout_ns *= 2) polls_ns += static_cast<double>(timeout_ns);
  return models::to_seconds(models::FastLeaderElection::kFinalizeWaitTime) + polls_ns / 1e9;
}

}  // namespace

LivenessBounds liveness_bounds(double tick_ms, int init_limit_max, double process_exit_ms, double server_startup_ms) {
  const double init_s = tick_ms * init_limit_max / 1e3;
  LivenessBounds b;
  b.leader_s = process_exit_ms / 1e3 + election_bound_s() + init_s + server_startup_ms / 1e3;
  b.synced_s = b.leader_s + init_s;
  return b;
}

LivenessBounds liveness_bounds(const Scenario& s) {
  int init_limit = s.ensemble.init_limit;
  for (const ServerOverride& o : s.ensemble.overrides) init_limit = std::max(init_limit, o.init_limit);
  return liveness_bounds(s.ensemble.tick_ms, init_limit, s.profile.process_exit_ms, s.profile.server_startup_ms);
}

LivenessWatch::LivenessWatch(models::Time heal_ns, models::Time writes_from_ns, models::Configuration initial)
    : heal_ns_(heal_ns), writes_from_ns_(writes_from_ns), config_(std::move(initial)) {}

void LivenessWatch::record(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  const auto synced = [&](ServerState& s) {
    s.last_synced_ns = time_ns;
    if (time_ns >= heal_ns_ && !s.first_synced_ns) s.first_synced_ns = time_ns;
  };
  std::visit(models::Overloaded{
                 [&](const models::ProcessStarted&) {
                   if (!models::is_server(node)) return;
                   ServerState& s = servers_[node];
                   s.running = s.looking = true;
                   s.last_changed_ns = time_ns;
                 },
                 [&](const models::ProcessStopped&) { servers_[node].running = false; },
                 [&](const models::StateChanged& c) {
                   ServerState& s = servers_[node];
                   s.looking = c.state == models::PeerState::looking;
                   s.last_changed_ns = time_ns;
                   if (s.looking) s.election_started_ns = time_ns;
                 },
                 [&](const models::ElectionFinished&) { servers_[node].election_decided_ns = time_ns; },
                 [&](const models::StateSynced&) { synced(servers_[node]); },
                 // A leader's applied state is the committed history once it is established.
                 [&](const models::LeaderEstablished&) {
                   synced(servers_[node]);
                   if (time_ns >= heal_ns_ && !first_leader_ns_) first_leader_ns_ = time_ns;
                 },
                 [&](const models::ReconfigEvent& e) {
                   if (e.phase == models::ReconfigPhase::activated && e.new_config && e.new_config->version > config_.version)
                     config_ = *e.new_config;
                 },
                 [&](const models::ProbeReached& p) {
                   if (p.probe == models::Probe::newer_learner_refused) judge_refusal(time_ns, node, p.peer);
                 },
                 [&](const models::RequestCompleted& r) {
                   if (time_ns >= writes_from_ns_ && r.kind == models::OpKind::write && r.status == models::Status::ok)
                     ++ok_writes_;
                 },
                 [](const auto&) {},
             },
             what);
}

void LivenessWatch::judge_refusal(models::Time time_ns, models::NodeId leader, models::NodeId refused) {
  if (time_ns < heal_ns_ || wasted_round_ || !config_.is_voter(refused)) return;
  const models::Time decided_ns = servers_[leader].election_decided_ns;
  const models::Time voted_ns = servers_[refused].election_started_ns;
  if (voted_ns < heal_ns_ || voted_ns + models::FastLeaderElection::kFinalizeWaitTime > decided_ns) return;  // unseen
  char text[240];
  std::snprintf(text, sizeof text,
                "server %u, elected after the final heal, refused server %u, more recent than itself, whose vote "
                "it had %.0f ms to see (a correct election never elects it)",
                leader, refused, models::to_seconds(decided_ns - voted_ns) * 1e3);
  wasted_round_ = text;
}

std::optional<std::string> LivenessWatch::unsynced_member(models::Time deadline_ns) const {
  char text[160];
  for (models::NodeId id : config_.servers()) {
    auto it = servers_.find(id);
    if (it == servers_.end() || !it->second.running) continue;  // not live at the end
    const ServerState& s = it->second;
    const double bound_s = models::to_seconds(deadline_ns - heal_ns_);
    if (!s.first_synced_ns) {
      std::snprintf(text, sizeof text, "server %u never synchronized after the final heal (bound %.1f s)", id, bound_s);
    } else if (*s.first_synced_ns > deadline_ns) {
      std::snprintf(text, sizeof text, "server %u synchronized %.1f s after the final heal (bound %.1f s)", id,
                    models::to_seconds(*s.first_synced_ns - heal_ns_), bound_s);
    } else if (s.looking || s.last_synced_ns < s.last_changed_ns) {
      std::snprintf(text, sizeof text, "server %u is not synchronized at the end (it left its role after the heal)", id);
    } else {
      continue;
    }
    return std::string(text);
  }
  return std::nullopt;
}

}  // namespace sim::check
