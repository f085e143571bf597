#include "analysis/report/membership_report.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "analysis/stats/fairness.hpp"

namespace analysis {

namespace {

nlohmann::ordered_json seconds_or_null(const std::optional<models::Time>& t) {
  return t ? nlohmann::ordered_json(models::to_seconds(*t)) : nlohmann::ordered_json(nullptr);
}

std::vector<models::NodeId> members(const std::vector<models::NodeId>& voters, const std::vector<models::NodeId>& observers) {
  std::vector<models::NodeId> all = voters;
  all.insert(all.end(), observers.begin(), observers.end());
  std::sort(all.begin(), all.end());
  return all;
}

nlohmann::ordered_json spread_json(const std::vector<double>& loads) {
  const LoadSpread s = load_spread(loads);
  return {{"max", s.max}, {"mean", s.mean}, {"max_over_mean", s.peak_to_average}, {"jain", s.jain}};
}

std::uint64_t count_in(const std::map<models::NodeId, std::uint64_t>& counts, models::NodeId id) {
  auto it = counts.find(id);
  return it == counts.end() ? 0 : it->second;
}

// Rates over [from, to] and the session counts at `to`, for the servers of one configuration.
nlohmann::ordered_json window_json(const MembershipSnapshot& from, const MembershipSnapshot& to,
                                   const std::vector<models::NodeId>& servers) {
  const double seconds = to.at_ns > from.at_ns ? models::to_seconds(to.at_ns - from.at_ns) : 0;
  const auto rate = [&](double count) { return seconds > 0 ? count / seconds : 0.0; };
  nlohmann::ordered_json per_server = nlohmann::ordered_json::array();
  std::vector<double> sessions, requests;
  for (models::NodeId id : servers) {
    sessions.push_back(static_cast<double>(count_in(to.sessions, id)));
    requests.push_back(rate(static_cast<double>(count_in(to.served, id) - count_in(from.served, id))));
    per_server.push_back({{"id", id}, {"sessions", sessions.back()}, {"requests_per_s", requests.back()}});
  }
  const std::uint64_t writes = to.writes_ok - from.writes_ok;
  return {{"from_s", models::to_seconds(from.at_ns)},
          {"to_s", models::to_seconds(to.at_ns)},
          {"reads_per_s", rate(static_cast<double>(to.reads_ok - from.reads_ok))},
          {"writes_per_s", rate(static_cast<double>(writes))},
          {"write_mean_ms", writes ? models::ns_to_ms((to.write_latency_ns_sum - from.write_latency_ns_sum) / static_cast<double>(writes)) : 0.0},
          {"servers", per_server},
          {"sessions", spread_json(sessions)},
          {"requests_per_s", spread_json(requests)}};
}

nlohmann::ordered_json growth_json(const MembershipChangeRecord& c) {
  const auto n = static_cast<double>(c.voters_before.size());
  const auto grown = static_cast<double>(c.committed_ns ? c.voters_after.size() : c.voters_before.size());
  return {{"n", n}, {"N", grown}, {"m", n > 0 ? grown / n : 0.0},
          {"planned_m", c.planned_factor > 0 ? nlohmann::ordered_json(c.planned_factor) : nlohmann::ordered_json(nullptr)}};
}

nlohmann::ordered_json change_json(const MembershipMetrics& m, std::size_t index) {
  const MembershipChangeRecord& c = m.changes()[index];
  nlohmann::ordered_json refusals = nlohmann::ordered_json::array();
  for (const auto& r : c.refusals)
    refusals.push_back({{"at_s", models::to_seconds(r.at_ns)}, {"request_id", r.request_id}, {"reason", r.reason}});
  const std::string outcome = c.committed_ns ? "committed" : !c.abandoned.empty() ? "abandoned" : "pending";
  const models::Time stall_from = c.requested_ns.value_or(c.begun.at_ns);
  const models::Time stall_to = c.committed_ns ? *c.committed_ns + kStallSettleNs : c.ended.at_ns;
  // Before: from the previous change's commit (or the warm-up) to this change's start.
  const MembershipSnapshot* anchor = &m.warmup_snapshot();
  if (index > 0 && m.changes()[index - 1].committed_ns) anchor = &m.changes()[index - 1].committed;
  if (anchor->at_ns > c.begun.at_ns) anchor = &c.begun;
  const auto before_servers = members(c.voters_before, c.observers_before);
  const MembershipSnapshot& after_from = c.committed_ns ? c.committed : c.begun;
  nlohmann::ordered_json out = {{"kind", c.kind},
          {"label", c.label},
          {"outcome", outcome},
          {"abandoned", c.abandoned.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.abandoned)},
          {"attempts", c.request_ids.size()},
          {"requested_s", seconds_or_null(c.requested_ns)},
          {"proposed_s", seconds_or_null(c.proposed_ns)},
          {"committed_s", seconds_or_null(c.committed_ns)},
          {"activated_first_s", seconds_or_null(c.first_activated_ns)},
          {"activated_last_s", seconds_or_null(c.last_activated_ns)},
          {"request_to_commit_ms", c.committed_ns && c.requested_ns ? nlohmann::ordered_json(models::to_ms(*c.committed_ns - *c.requested_ns)) : nlohmann::ordered_json(nullptr)},
          {"refusals", refusals},
          {"version", c.version},
          {"voters_before", c.voters_before},
          {"observers_before", c.observers_before},
          {"voters_after", c.committed_ns ? c.voters_after : c.voters_before},
          {"observers_after", c.committed_ns ? c.observers_after : c.observers_before},
          {"growth", growth_json(c)},
          // No write issued or completed around the change (a read-only phase): no stall to speak of.
          {"write_stall_ms", m.writes_wanted(stall_from, stall_to)
                                 ? nlohmann::ordered_json(models::to_ms(m.longest_write_gap_ns(stall_from, stall_to)))
                                 : nlohmann::ordered_json(nullptr)},
          {"sessions_moved", c.sessions_moved},
          {"before", window_json(*anchor, c.begun, before_servers)},
          {"after", window_json(after_from, c.ended, c.committed_ns ? members(c.voters_after, c.observers_after) : before_servers)}};
  // The quorum rule, where the change is about it or leaves a hierarchical one.
  const bool layouts = c.quorums_before.rfind("hierarchical", 0) == 0 || c.quorums_after.rfind("hierarchical", 0) == 0;
  if (layouts) {
    out["quorums_before"] = c.quorums_before;
    out["quorums_after"] = c.committed_ns ? c.quorums_after : c.quorums_before;
  }
  return out;
}

}  // namespace

nlohmann::ordered_json membership_json(const MembershipMetrics& m) {
  nlohmann::ordered_json changes = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < m.changes().size(); ++i) changes.push_back(change_json(m, i));
  return {{"write_stall_settle_ms", models::to_ms(kStallSettleNs)}, {"changes", changes}};
}

namespace {
std::string fixed(const nlohmann::ordered_json& v, const char* fmt = "%.1f") {
  if (v.is_null()) return "-";
  char text[64];
  std::snprintf(text, sizeof text, fmt, v.get<double>());
  return text;
}
}  // namespace

std::string membership_summary(const nlohmann::ordered_json& membership) {
  std::ostringstream out;
  out << "\n  membership changes (times in s; stall = longest gap between successful writes around the change)\n";
  out << "     #  requested  committed  outcome     n->N    m    attempts  stall_ms  moved  reads/s before->after   "
         "writes/s before->after  sessions max/mean  jain   change\n";
  int index = 0;
  for (const auto& c : membership["changes"]) {
    const auto& g = c["growth"];
    char line[512];
    std::snprintf(line, sizeof line,
                  "  %4d  %9s  %9s  %-10s %3.0f->%-3.0f %5.2f  %8zu  %8s  %5s  %9s -> %-9s  %9s -> %-9s  %8s  %7s  %s\n", ++index,
                  fixed(c["requested_s"], "%.3f").c_str(), fixed(c["committed_s"], "%.3f").c_str(),
                  c["outcome"].get<std::string>().c_str(), g["n"].get<double>(), g["N"].get<double>(), g["m"].get<double>(),
                  c["attempts"].get<std::size_t>(), fixed(c["write_stall_ms"]).c_str(),
                  std::to_string(c["sessions_moved"].get<std::uint64_t>()).c_str(), fixed(c["before"]["reads_per_s"]).c_str(),
                  fixed(c["after"]["reads_per_s"]).c_str(), fixed(c["before"]["writes_per_s"]).c_str(),
                  fixed(c["after"]["writes_per_s"]).c_str(), fixed(c["after"]["sessions"]["max_over_mean"], "%.2f").c_str(),
                  fixed(c["after"]["sessions"]["jain"], "%.3f").c_str(), c["label"].get<std::string>().c_str());
    out << line;
    for (const auto& r : c["refusals"])
      out << "        refused at " << fixed(r["at_s"], "%.3f") << " s: " << r["reason"].get<std::string>() << "\n";
    for (const char* window : {"before", "after"}) {
      out << "        " << window << ": server sessions/req/s ";
      for (const auto& server : c[window]["servers"])
        out << " " << server["id"].get<int>() << ":" << server["sessions"].get<double>() << "/" << fixed(server["requests_per_s"], "%.0f");
      out << "   req/s max/mean " << fixed(c[window]["requests_per_s"]["max_over_mean"], "%.2f") << " jain "
          << fixed(c[window]["requests_per_s"]["jain"], "%.3f") << "\n";
    }
  }
  return out.str();
}

}  // namespace analysis
