#include "analysis/metrics/storage_metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace analysis {

namespace {
using Kind = models::DataWorkDone::Kind;

// The kinds kept one by one: a process's recovery, a role's read back, a learner's sync.
bool listed(Kind kind) {
  return kind == Kind::restore_database || kind == Kind::load_database || kind == Kind::sync_diff ||
         kind == Kind::sync_trunc || kind == Kind::sync_snap;
}

double mb(std::uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }
}  // namespace

void StorageMetrics::record(models::Time time_ns, models::NodeId node, const models::Observation& what) {
  const auto* work = std::get_if<models::DataWorkDone>(&what);
  if (work == nullptr) return;
  const models::Time duration_ns = std::max<models::Time>(0, time_ns - work->started_ns);
  DataWorkStats& s = stats_[static_cast<std::size_t>(work->kind)];
  ++s.count;
  s.bytes += work->bytes;
  s.duration_ns += duration_ns;
  s.max_duration_ns = std::max(s.max_duration_ns, duration_ns);
  if (!listed(work->kind)) return;
  if (events_.size() >= kMaxEvents) {
    ++dropped_;
    return;
  }
  events_.push_back({node, work->kind, work->started_ns, duration_ns, work->bytes});
}

bool StorageMetrics::empty() const {
  return std::all_of(stats_.begin(), stats_.end(), [](const DataWorkStats& s) { return s.count == 0; });
}

nlohmann::ordered_json storage_json(const StorageMetrics& m) {
  nlohmann::ordered_json kinds = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < StorageMetrics::kKinds; ++k) {
    const auto kind = static_cast<Kind>(k);
    const DataWorkStats& s = m.stats(kind);
    if (s.count == 0) continue;
    const double n = static_cast<double>(s.count);
    kinds[models::data_work_name(kind)] = {{"count", s.count},
                                           {"bytes_total", s.bytes},
                                           {"mean_mb", mb(s.bytes) / n},
                                           {"mean_ms", models::ns_to_ms(s.duration_ns) / n},
                                           {"max_ms", models::ns_to_ms(s.max_duration_ns)}};
  }
  nlohmann::ordered_json events = nlohmann::ordered_json::array();
  for (const DataWorkEvent& e : m.events())
    events.push_back({{"server", e.server},
                      {"kind", models::data_work_name(e.kind)},
                      {"at_s", models::to_seconds(e.started_ns)},
                      {"mb", mb(e.bytes)},
                      {"duration_ms", models::ns_to_ms(e.duration_ns)}});
  return {{"work", kinds}, {"events", events}, {"events_not_listed", m.events_dropped()}};
}

std::string storage_summary(const nlohmann::ordered_json& storage) {
  std::ostringstream out;
  out << "\n  data work (per kind: how many, mean size, mean and longest duration)\n";
  for (const auto& [kind, s] : storage["work"].items()) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-20s %7llu  %10.3f MB  %10.1f ms  %10.1f ms\n", kind.c_str(),
                  static_cast<unsigned long long>(s["count"].get<std::uint64_t>()), s["mean_mb"].get<double>(),
                  s["mean_ms"].get<double>(), s["max_ms"].get<double>());
    out << line;
  }
  return out.str();
}

}  // namespace analysis
