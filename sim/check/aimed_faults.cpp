#include "sim/check/aimed_faults.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <map>

#include "sim/check/draws.hpp"

namespace sim::check {

namespace {

using Json = nlohmann::ordered_json;
using Reconfig = std::function<Json(models::Rng&)>;

// A delay in milliseconds, to the microsecond.
double delay_ms(models::Rng& rng, double max_ms) { return std::round(rng.uniform01() * max_ms * 1000) / 1000; }

Json event(double at_s, Json fields) {
  Json e{{"at_s", round_ms(at_s)}};
  e.update(fields);
  return e;
}

int majority(int voters) { return voters / 2 + 1; }
// How long the servers cut from their leader may take to give up on it: the longest syncLimit of
// them all (any may be among them).
double sync_window_s(const AimContext& c) { return c.all_sync_s; }

constexpr double kWritesSettleS = 0.3;
constexpr double kCalmS = 3;

// How far apart the servers give up on a silent leader.
double sync_spread_s(const AimContext& c) { return c.all_sync_s - c.min_sync_s; }
constexpr double kLastAimSlackS = 2.5;  // the new leader's election and sync, and the heal's margin

// Every network and hardware fault undone at at_s.
std::vector<Json> calm_events(double at_s, int members) {
  std::vector<Json> events{event(at_s, {{"kind", "heal"}})};
  for (int id = 1; id <= members; ++id) {
    events.push_back(event(at_s, {{"kind", "clog"}, {"server", id}}));
    events.push_back(event(at_s, {{"kind", "slow_disk"}, {"server", id}, {"factor", 1}}));
    events.push_back(event(at_s, {{"kind", "slow_cpu"}, {"server", id}, {"factor", 1}}));
    events.push_back(event(at_s, {{"kind", "packet_loss"}, {"server", id}, {"percent", 0}}));
  }
  return events;
}
constexpr double kBurstPerS = 1000;

void restart_all(Aim& aim, const AimContext& c, double at_s) {
  for (int id = 1; id <= c.members; ++id) aim.events.push_back(event(at_s, {{"kind", "restart"}, {"server", id}}));
}

// A crash or power-off at the moment a server logged a proposal: before its fsync is done, so
// before it acknowledged (a follower) or could commit (the leader); often with every disk slowed
// so that the window is wide, and often hitting several servers at once. Then all restart
// together. Exposes ack_before_fsync (the acknowledged copies were not durable),
// commit_without_quorum and reply_before_commit (the one copy that was answered for is lost).
Aim logged_proposal(models::Rng& rng, const AimContext& c, double at_s) {
  Aim aim{"logged_proposal"};
  const double factor = rng.bernoulli(0.8) ? std::round(uniform(rng, 5, 50)) : 1;
  if (factor > 1)
    for (int id = 1; id <= c.members; ++id)
      aim.events.push_back(event(at_s, {{"kind", "slow_disk"}, {"server", id}, {"factor", factor}}));
  const int count = pick<int>(rng, {1, majority(c.voters), c.members, c.members});
  aim.events.push_back(event(at_s + 0.05, {{"kind", rng.bernoulli(0.7) ? "power_off" : "crash"},
                                           {"server", pick<std::string>(rng, {"leader", "leader", "follower", "any"})},
                                           {"count", count},
                                           {"when", "txn_logged"},
                                           {"delay_ms", delay_ms(rng, c.fsync_ms * factor)},
                                           {"within_s", 2}}));
  const double back_s = at_s + uniform(rng, 0.5, 3);
  restart_all(aim, c, back_s);
  if (factor > 1)
    for (int id = 1; id <= c.members; ++id)
      aim.events.push_back(event(back_s, {{"kind", "slow_disk"}, {"server", id}, {"factor", 1}}));
  aim.span_s = back_s - at_s + 1;
  return aim;
}

// The leader cut from its quorum (with a minority, maybe) while clients write to it, healed after
// the others elected a new leader and before the DIFF window (500 transactions) is exceeded: the
// old leader's uncommitted tail must be truncated. Exposes skip_trunc, reply_before_commit and
// commit_without_quorum; a TRUNC is often interrupted by a restart.
// Mostly with the clients: the others then commit nothing before the heal, and the old leader's
// tail is beyond their history (a TRUNC; DIFF with skip_trunc). Now and then cut off longer than
// a session timeout: the others expire the sessions, and the old leader learns it by its sync
// (session_expired_during_sync).
Aim isolated_leader(models::Rng& rng, const AimContext& c, double at_s) {
  Aim aim{"isolated_leader"};
  const int minority = (c.voters - 1) / 2;
  const bool with_clients = rng.bernoulli(0.65);
  aim.events.push_back(event(at_s, {{"kind", "partition"}, {"isolate", "leader"},
                                    {"joined_by", rng.uniform_int(0, std::max(0, minority - 1))},
                                    {"clients_group", with_clients ? 0 : -1}}));
  double diff_window_s = std::min(6.0, 400 / std::max(c.writes_per_s, 1.0));
  if (with_clients) diff_window_s = std::min(diff_window_s, std::max(0.1, c.session_timeout_s - 1.5));
  const double expiry_s = with_clients && rng.bernoulli(0.3) ? c.session_timeout_s : 0;
  const double heal_s = at_s + sync_window_s(c) + expiry_s + uniform(rng, 0.5, 0.5 + diff_window_s);
  aim.events.push_back(event(heal_s, {{"kind", "heal"}}));
  if (rng.bernoulli(0.4))
    aim.events.push_back(event(heal_s, {{"kind", "restart"}, {"server", rng.bernoulli(0.7) ? "syncing" : "leader"},
                                        {"when", "trunc_sent"}, {"delay_ms", delay_ms(rng, 20)},
                                        {"within_s", 3}}));
  aim.span_s = heal_s - at_s + 2;
  return aim;
}

// The leader cut off with every client and a minority, which log its writes; the others establish
// a new epoch, which commits nothing (no client reaches them, and no session has timed out yet),
// and then comes the final heal, which restarts everybody: the minority's logs are longer, the
// majority's epoch newer. Exposes vote_ignores_epoch, which elects a server of the older epoch:
// it refuses the newer servers (waitForEpochAck) and never establishes, a round the liveness judge
// counts against it (sim/check/liveness.hpp). Played last: the final heal is part of it.
Aim new_epoch_without_writes(models::Rng& rng, const AimContext& c, double at_s, double& final_heal_s) {
  Aim aim{kLastAim};
  // First a calm, for a leader to establish: the faults drawn before are undone, and every server
  // restarts together.
  for (Json& e : calm_events(at_s, c.members)) aim.events.push_back(std::move(e));
  restart_all(aim, c, at_s);
  const double cut_at_s = at_s + kCalmS;
  const int minority = (c.voters - 1) / 2;
  aim.events.push_back(event(cut_at_s, {{"kind", "partition"}, {"isolate", "leader"},
                                        {"joined_by", std::max(0, minority - 1)}, {"clients_group", 0}}));
  // The others re-elect once their syncLimit ran out (between the shortest and the longest of
  // them); the heal comes after, and before a session, given a full timeout at the establishment,
  // could expire (last_aim_fits).
  const double quiet_s = uniform(rng, 1.5, std::max(1.6, std::min(3.0, c.session_timeout_s - sync_spread_s(c) - 1)));
  final_heal_s = round_ms(cut_at_s + sync_window_s(c) + quiet_s);
  aim.span_s = final_heal_s - at_s;
  return aim;
}

// A leader that does not know it was deposed (its own syncLimit is longer than the cut, FIFO-wise
// as a long GC pause would leave it) still serves its clients when the cut heals, and proposes
// their writes, in its old epoch, to servers that now follow a new leader: they refuse
// (older_epoch_proposal_refused). Its clients only read while it is cut off, so that nothing of its
// waits for a quorum when they write again. Exposes accept_older_epoch (they log and acknowledge,
// and the old leader commits beside the new epoch). Played first: it counts on the first leader,
// the highest voter, given the long syncLimit here.
Aim deposed_leader(models::Rng& rng, const AimContext& c, double at_s) {
  Aim aim{kFirstAim};
  const double cut_s = round_ms(c.followers_sync_s + uniform(rng, 1, 2.5));
  // Leading still when the cut heals: a tick more than the cut (checked every other half tick).
  aim.overrides.push_back({{"server", c.voters}, {"sync_limit", static_cast<int>(std::ceil((cut_s + 1) / c.tick_s)) + 1}});
  // The writes under way commit before the cut: none may wait for a quorum after it.
  const double cut_at_s = at_s + kWritesSettleS;
  aim.events.push_back(event(at_s, {{"kind", "rate"}, {"read_ratio", 1}}));
  aim.events.push_back(event(cut_at_s, {{"kind", "partition"}, {"isolate", "leader"}, {"clients_group", 0}}));
  // At the heal a burst of writes: the first reaches the old leader before its next ping does
  // its followers (which would make them close the connection first).
  const double heal_s = cut_at_s + cut_s;
  aim.events.push_back(event(heal_s, {{"kind", "heal"}}));
  aim.events.push_back(event(heal_s, {{"kind", "rate"}, {"rate_per_s", std::max(c.rate_per_s, kBurstPerS)}, {"read_ratio", 0}}));
  aim.events.push_back(event(heal_s + 1, {{"kind", "rate"}, {"rate_per_s", c.rate_per_s}, {"read_ratio", c.read_ratio}}));
  aim.span_s = kWritesSettleS + cut_s + 4;
  return aim;
}

// The leader frozen (a long GC pause) with proposals in flight, longer than syncLimit x tick, and
// cut off meanwhile so that its followers' goodbyes are lost; the others re-elect, the cut heals,
// and the old leader resumes believing it leads: it proposes in its old epoch to servers that
// follow the new leader. Exposes accept_older_epoch (they log and acknowledge, it commits).
Aim frozen_leader(models::Rng& rng, const AimContext& c, double at_s) {
  Aim aim{"frozen_leader"};
  const double frozen_s = round_ms(sync_window_s(c) + uniform(rng, 1.5, 3));
  aim.events.push_back(event(at_s, {{"kind", "freeze"}, {"server", "leader"}, {"duration_s", frozen_s},
                                    {"when", "txn_logged"}, {"within_s", 2}}));
  aim.events.push_back(event(at_s, {{"kind", "partition"}, {"isolate", "leader"}, {"clients_group", -1},
                                    {"when", "txn_logged"}, {"within_s", 2}}));
  aim.events.push_back(event(at_s, {{"kind", "heal"}, {"when", "leader_established"},
                                    {"delay_ms", delay_ms(rng, 300)}, {"within_s", frozen_s + 2}}));
  aim.span_s = frozen_s + 4;
  return aim;
}

// A follower restarted, and a restart again (of it, or of its leader) in the middle of the sync
// that brings it back (DIFF, TRUNC or SNAP).
Aim restart_during_sync(models::Rng& rng, const AimContext&, double at_s) {
  Aim aim{"restart_during_sync"};
  aim.events.push_back(event(at_s, {{"kind", "restart"}, {"server", "follower"}}));
  aim.events.push_back(event(at_s, {{"kind", "restart"}, {"server", rng.bernoulli(0.7) ? "syncing" : "leader"},
                                    {"when", pick<std::string>(rng, {"diff_sent", "diff_sent", "trunc_sent", "snap_sent"})},
                                    {"delay_ms", delay_ms(rng, 30)}, {"within_s", 5}}));
  aim.span_s = 6;
  return aim;
}

// A server down while more than the DIFF window commits: it comes back by SNAP, sometimes
// restarted again in its middle. Needs writes fast enough to fill the window in a few seconds.
Aim snapshot_sync(models::Rng& rng, const AimContext& c, double at_s) {
  Aim aim{"snapshot_sync"};
  const int id = static_cast<int>(rng.uniform_int(1, c.voters));
  const double down_s = 550 / std::max(c.writes_per_s, 1.0) + uniform(rng, 0.5, 2);
  aim.events.push_back(event(at_s, {{"kind", rng.bernoulli(0.5) ? "crash" : "power_off"}, {"server", id}}));
  aim.events.push_back(event(at_s + down_s, {{"kind", "restart"}, {"server", id}}));
  if (rng.bernoulli(0.4))
    aim.events.push_back(event(at_s + down_s, {{"kind", "restart"}, {"server", "syncing"}, {"when", "snap_sent"},
                                               {"delay_ms", delay_ms(rng, 50)}, {"within_s", 5}}));
  aim.span_s = down_s + 3;
  return aim;
}

// A reconfig asked for while a learner synchronizes, or a leader cut off (or stopped) right after
// it proposed a reconfig: the reconfig is abandoned, or inherited by the next leader.
Aim reconfig_moment(models::Rng& rng, const AimContext& c, double at_s, const Reconfig& reconfig) {
  Aim aim{"reconfig_moment"};
  aim.membership_changes = 1;
  Json change = reconfig(rng);
  if (rng.bernoulli(0.5)) {
    aim.events.push_back(event(at_s, {{"kind", "restart"}, {"server", "follower"}}));
    change["when"] = pick<std::string>(rng, {"diff_sent", "synced"});
    change["within_s"] = 5;
    aim.events.push_back(event(at_s, change));
    aim.span_s = 12;
    return aim;
  }
  aim.events.push_back(event(at_s, change));
  const bool freeze = rng.bernoulli(0.3);
  Json cut = freeze ? Json{{"kind", "freeze"}, {"server", "leader"}, {"duration_s", round_ms(sync_window_s(c) + 2)}}
                    : Json{{"kind", "partition"}, {"isolate", "leader"}, {"clients_group", -1}};
  cut.update(Json{{"when", "reconfig_proposed"}, {"delay_ms", delay_ms(rng, 5)}, {"within_s", 8}});
  aim.events.push_back(event(at_s, cut));
  const double heal_s = at_s + 8 + sync_window_s(c) + 1;
  aim.events.push_back(event(heal_s, {{"kind", "heal"}}));
  aim.span_s = heal_s - at_s + 2;
  return aim;
}

// FoundationDB's swizzle-clogging: a random subset of servers clogged one after the other, then
// unclogged in the reverse order. Long clogs make clients give up on connection attempts whose
// answers come later (stale_connect_response_ignored).
Aim swizzle(models::Rng& rng, const AimContext& c, double at_s) {
  Aim aim{"swizzle"};
  std::vector<int> ids;
  for (int id = 1; id <= c.members; ++id) ids.push_back(id);
  rng.shuffle(ids);
  ids.resize(static_cast<std::size_t>(rng.uniform_int(2, c.members)));
  const double step_s = round_ms(uniform(rng, 0.1, 1));
  const double latency_ms = std::round(uniform(rng, 50, 3000));
  const double bandwidth = round_ms(uniform(rng, 0.05, 1));
  const std::size_t n = ids.size();
  for (std::size_t i = 0; i < n; ++i)
    aim.events.push_back(event(at_s + static_cast<double>(i) * step_s, {{"kind", "clog"}, {"server", ids[i]},
                                                                        {"extra_latency_ms", latency_ms},
                                                                        {"bandwidth_factor", bandwidth}}));
  for (std::size_t i = 0; i < n; ++i)
    aim.events.push_back(event(at_s + static_cast<double>(n + i) * step_s, {{"kind", "clog"}, {"server", ids[n - 1 - i]}}));
  aim.span_s = static_cast<double>(2 * n) * step_s + latency_ms / 1e3 + 1;
  return aim;
}

// Lossy interfaces on some servers (TCP retransmits: messages late, in order).
Aim lossy_links(models::Rng& rng, const AimContext& c, double at_s) {
  Aim aim{"lossy_links"};
  const double span_s = uniform(rng, 2, 8);
  for (int id = 1; id <= c.members; ++id) {
    if (!rng.bernoulli(0.5)) continue;
    aim.events.push_back(event(at_s, {{"kind", "packet_loss"}, {"server", id}, {"percent", std::round(uniform(rng, 1, 20))}}));
    aim.events.push_back(event(at_s + span_s, {{"kind", "packet_loss"}, {"server", id}, {"percent", 0}}));
  }
  aim.span_s = span_s + 1;
  return aim;
}

// snapshot_sync keeps a server down until the DIFF window (500 transactions) is exceeded: below
// this write rate it would take longer than a seed's fault period.
constexpr double kSnapshotWritesPerSMin = 50;

struct Family {
  const char* name;
  double chance;  // of being drawn by a seed
};
// Every family a broken variant needs comes often enough that each variant is caught in well over
// a fifth of the seeds (sim/check/README.md has the measured rates).
constexpr Family kFamilies[] = {
    {"deposed_leader", 0.5},       {"logged_proposal", 0.75}, {"isolated_leader", 0.4},
    {"new_epoch_without_writes", 0.7}, {"frozen_leader", 0.25},   {"restart_during_sync", 0.25},
    {"snapshot_sync", 0.2},        {"reconfig_moment", 0.3},  {"swizzle", 0.25},
    {"lossy_links", 0.15},
};

}  // namespace

std::vector<std::string> aim_names() {
  std::vector<std::string> names;
  for (const Family& f : kFamilies) names.push_back(f.name);
  return names;
}

std::vector<std::string> draw_aims(models::Rng& rng, const AimContext& context) {
  std::vector<std::string> names;
  for (const Family& f : kFamilies) {
    const std::string name = f.name;
    const bool drawn = rng.bernoulli(f.chance);  // drawn first, so that a seed's other draws stay put
    if (!drawn || (name == "reconfig_moment" && context.membership_changes_left == 0)) continue;
    if (name == "snapshot_sync" && context.writes_per_s < kSnapshotWritesPerSMin) continue;
    names.push_back(name);
  }
  if (names.empty()) names.push_back(kFamilies[rng.uniform_u64(4)].name);  // one of the first four
  rng.shuffle(names);
  // The first and the last, where they must be.
  const auto first = std::find(names.begin(), names.end(), kFirstAim);
  if (first != names.end()) std::rotate(names.begin(), first, first + 1);
  const auto last = std::find(names.begin(), names.end(), kLastAim);
  if (last != names.end()) std::rotate(last, last + 1, names.end());
  return names;
}

bool last_aim_fits(const AimContext& c) { return sync_spread_s(c) + kLastAimSlackS <= c.session_timeout_s; }

Aim last_aim(models::Rng& rng, const AimContext& context, double at_s, double& final_heal_s) {
  return new_epoch_without_writes(rng, context, at_s, final_heal_s);
}

Aim make_aim(const std::string& name, models::Rng& rng, const AimContext& c, double at_s, const Reconfig& reconfig) {
  if (name == "logged_proposal") return logged_proposal(rng, c, at_s);
  if (name == "isolated_leader") return isolated_leader(rng, c, at_s);
  if (name == kFirstAim) return deposed_leader(rng, c, at_s);
  if (name == "frozen_leader") return frozen_leader(rng, c, at_s);
  if (name == "restart_during_sync") return restart_during_sync(rng, c, at_s);
  if (name == "snapshot_sync") return snapshot_sync(rng, c, at_s);
  if (name == "reconfig_moment") return reconfig_moment(rng, c, at_s, reconfig);
  if (name == "swizzle") return swizzle(rng, c, at_s);
  assert(name == "lossy_links" && "a family of kFamilies, not the last one");
  return lossy_links(rng, c, at_s);
}

}  // namespace sim::check
