#include "sim/runtime/membership_actor.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "sim/scenario/layout_changes.hpp"
#include "sim/scenario/load_membership.hpp"

namespace sg4 = simgrid::s4u;

namespace sim {

namespace {

// One reconfig the operator asks for, and what it does around it.
struct Step {
  std::string kind;                 // the scenario event it belongs to
  std::string label;
  double factor = 0;                // grow's m
  std::vector<models::NodeId> start;  // new servers to start first
  models::ReconfigRequest request;  // its request id is set per attempt
  std::vector<models::NodeId> stop;   // removed servers to shut down after the commit
  double stop_after_s = -1;
};

std::string id_list(const std::vector<models::NodeId>& ids) {
  std::string out;
  for (models::NodeId id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return out;
}

bool satisfied(const models::Configuration& active, const models::ReconfigRequest& r) {
  if (r.members) return active.same_members(*r.members);
  for (models::NodeId id : r.add_voters)
    if (!active.is_voter(id)) return false;
  for (models::NodeId id : r.add_observers)
    if (!active.is_observer(id)) return false;
  for (models::NodeId id : r.remove)
    if (active.is_member(id)) return false;
  return true;
}

bool retryable(models::ReconfigRefusal refusal) {
  return refusal == models::ReconfigRefusal::no_quorum_of_new_config ||
         refusal == models::ReconfigRefusal::reconfig_in_progress || refusal == models::ReconfigRefusal::not_serving;
}

class Operator {
 public:
  Operator(World& world, MembershipTracker& tracker, analysis::MembershipMetrics& metrics, TargetedEvents* targeted)
      : world_(world), tracker_(tracker), metrics_(metrics), targeted_(targeted) {}

  void operator()() {
    for (const Event& e : world_.scenario().events) {
      if (!is_membership(e.kind)) continue;
      if (sg4::Engine::get_clock() < e.at_s) sg4::this_actor::sleep_until(e.at_s);
      if (e.when.kind != Moment::Kind::none && !targeted_->wait_for_moment(e)) continue;
      run_event(e);
    }
  }

 private:
  // Polls until the condition holds or the timeout passes; says which.
  bool wait_for(const std::function<bool()>& done, double timeout_s) {
    const double until_s = sg4::Engine::get_clock() + timeout_s;
    while (!done()) {
      if (sg4::Engine::get_clock() >= until_s) return false;
      sg4::this_actor::sleep_for(kOperatorPollS);
    }
    return true;
  }

  bool wait_for_leader() {
    return wait_for([&] { return tracker_.leader() != models::kNoNode && world_.node(tracker_.leader()).alive; },
                    kAttemptTimeoutS);
  }

  void run_event(const Event& e) {
    const MembershipChange& m = e.membership;
    const std::string kind = event_kind_name(e.kind);
    switch (e.kind) {
      case EventKind::add_servers:
      case EventKind::grow: {
        Step s{kind, "", e.kind == EventKind::grow ? m.factor : 0, m.new_ids};
        (m.observer ? s.request.add_observers : s.request.add_voters) = m.new_ids;
        s.label = (e.kind == EventKind::grow ? "grow x" + format_factor(m.factor) + ": " : std::string()) + "add " +
                  id_list(m.new_ids) + (m.observer ? " as observers" : " as participants");
        run_step(s);
        return;
      }
      case EventKind::remove_servers: remove(e); return;
      case EventKind::promote_observer: {
        Step s{kind, "promote observer " + id_list(m.ids)};
        s.request.add_voters = m.ids;
        run_step(s);
        return;
      }
      case EventKind::rolling_replace: rolling_replace(e); return;
      case EventKind::add_group:
      case EventKind::remove_group:
      case EventKind::set_weights:
      case EventKind::set_quorum: change_layout(e); return;
      default: return;
    }
  }

  static std::string format_factor(double factor) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", factor);
    return text;
  }

  // "leader" and "follower" are resolved when the change starts, from what the operator sees.
  void remove(const Event& e) {
    const MembershipChange& m = e.membership;
    Step s{"remove_servers", "", 0, {}, {}, {}, m.stop_after_s};
    if (m.which == RemoveWhich::ids) {
      s.request.remove = m.ids;
    } else {
      wait_for_leader();
      const models::NodeId leader = tracker_.leader();
      if (m.which == RemoveWhich::leader && leader != models::kNoNode) s.request.remove = {leader};
      for (models::NodeId id : tracker_.active().voters)
        if (m.which == RemoveWhich::follower && id != leader && world_.node(id).alive &&
            s.request.remove.size() < static_cast<std::size_t>(m.count))
          s.request.remove.push_back(id);
    }
    s.stop = s.request.remove;
    s.label = std::string("remove ") + (m.which == RemoveWhich::leader ? "the leader " : m.which == RemoveWhich::follower ? "follower " : "") +
              id_list(s.request.remove);
    run_step(s);
  }

  // A hierarchical layout changes as a whole: the next configuration, from the one in force now
  // (an add_group's servers start first, a remove_group's stop after the commit).
  void change_layout(const Event& e) {
    const MembershipChange& m = e.membership;
    wait_for_leader();
    auto next = std::make_shared<models::Configuration>(apply_layout_change(tracker_.active(), e));
    std::vector<models::NodeId> gone;
    for (models::NodeId id : tracker_.active().voters)
      if (!next->is_member(id)) gone.push_back(id);
    Step s{event_kind_name(e.kind), membership_label(e) + ": " + models::describe_layout(*next), 0, m.new_ids, {}, gone,
           m.stop_after_s};
    s.request.members = std::move(next);
    run_step(s);
  }

  // Every member in turn, followers first and the leader last (one hand-off only): add its
  // replacement in its role, then remove it.
  void rolling_replace(const Event& e) {
    const MembershipChange& m = e.membership;
    wait_for_leader();
    std::vector<models::NodeId> members = tracker_.active().servers();
    std::stable_partition(members.begin(), members.end(), [&](models::NodeId id) { return id != tracker_.leader(); });
    const std::size_t n = std::min(members.size(), m.new_ids.size());
    for (std::size_t i = 0; i < n; ++i) {
      const models::NodeId old = members[i], fresh = m.new_ids[i];
      const std::string step = "rolling replace " + std::to_string(i + 1) + "/" + std::to_string(n) + ": ";
      Step add{"rolling_replace", step + "add " + std::to_string(fresh), 0, {fresh}};
      (tracker_.active().is_observer(old) ? add.request.add_observers : add.request.add_voters) = {fresh};
      if (!run_step(add)) return;
      sg4::this_actor::sleep_for(m.step_pause_s);
      Step drop{"rolling_replace", step + "remove " + std::to_string(old), 0, {}, {}, {old}, m.stop_after_s};
      drop.request.remove = {old};
      if (!run_step(drop)) return;
      if (i + 1 < n) sg4::this_actor::sleep_for(m.step_pause_s);
    }
  }

  // Starts the new servers with the configuration in force as their dynamic config file: it leaves
  // them out, so they join as non-voting followers until the reconfig names them.
  void start_servers(const std::vector<models::NodeId>& ids) {
    for (models::NodeId id : ids) {
      NodeRecord& n = world_.node(id);
      if (n.alive) continue;
      if (tracker_.active().version != 0) n.durable.config = tracker_.active();
      world_.start_host(n.host);
    }
    const double sync_wait_s = world_.scenario().ensemble.tick_ms * world_.scenario().ensemble.init_limit / 1000;
    wait_for([&] { return std::all_of(ids.begin(), ids.end(), [&](models::NodeId id) { return tracker_.in_ensemble(id); }); },
             sync_wait_s);
  }

  // Returns whether the configuration now says what the step asked for.
  bool run_step(Step& s) {
    const std::size_t change = metrics_.begin_change(World::now_ns(), s.kind, s.label, s.factor);
    start_servers(s.start);
    const bool done = attempt_until_done(s, change);
    if (done) stop_later(s.stop, s.stop_after_s);
    return done;
  }

  bool attempt_until_done(Step& s, std::size_t change) {
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      if (attempt > 0) sg4::this_actor::sleep_for(kRetryDelayS);
      if (!wait_for_leader()) continue;
      s.request.request_id = next_request_id_++;
      metrics_.add_request(change, s.request.request_id);
      world_.control(tracker_.leader(), models::RequestReconfig{s.request});
      const std::uint64_t id = s.request.request_id;
      wait_for([&] { return tracker_.outcome(id) != RequestOutcome::pending; }, kAttemptTimeoutS);
      if (tracker_.outcome(id) == RequestOutcome::committed || satisfied(tracker_.active(), s.request)) return true;
      if (tracker_.outcome(id) == RequestOutcome::refused && !retryable(tracker_.refusal(id))) {
        metrics_.abandon(change, std::string("refused: ") + models::reconfig_refusal_name(tracker_.refusal(id)));
        return false;
      }
    }
    metrics_.abandon(change, "no commit after " + std::to_string(kMaxAttempts) + " attempts");
    return false;
  }

  // A removed server keeps running as a non-voting follower until the operator stops it; the
  // delay lets its clients move first (they rebalance within the clients' random delay).
  void stop_later(const std::vector<models::NodeId>& ids, double after_s) {
    if (ids.empty() || after_s < 0) return;
    // The operator may be done before then: the stop holds what outlives it (the run's world).
    World* world = &world_;
    const MembershipTracker* tracker = &tracker_;
    sg4::Actor::create("stop-removed", world_.controller(), [world, tracker, ids, after_s] {
      sg4::this_actor::sleep_for(after_s);
      // The operator's shutdown ends the process as a crash does: its exit closes its sockets.
      for (models::NodeId id : ids)
        if (!tracker->active().is_member(id)) world->shut_down_removed(id);
    });
  }

  World& world_;
  MembershipTracker& tracker_;
  analysis::MembershipMetrics& metrics_;
  TargetedEvents* targeted_;
  std::uint64_t next_request_id_ = 1;
};

}  // namespace

void start_membership_actor(World& world, MembershipTracker& tracker, analysis::MembershipMetrics& metrics,
                            TargetedEvents* targeted) {
  auto op = std::make_shared<Operator>(world, tracker, metrics, targeted);
  sg4::Actor::create("operator", world.controller(), [op] { (*op)(); });
}

}  // namespace sim
