#include "analysis/report/fault_report.hpp"

#include <cstdio>
#include <sstream>

namespace analysis {

namespace {

using Json = nlohmann::ordered_json;

// The time until the last lost client was connected again: 0 when none was lost, null when one
// never was within the run.
Json reconnect_ms(const FaultRecord& f) {
  if (f.clients_disconnected == 0) return 0.0;
  if (!f.last_reconnected_ns) return nullptr;
  return models::to_ms(*f.last_reconnected_ns - f.at_ns);
}

Json fault_json(const FaultRecord& f) {
  return {{"kind", fault_kind_name(f.kind)},
          {"node", f.node == models::kNoNode ? Json(nullptr) : Json(f.node)},
          {"target", f.target},
          {"at_s", models::to_seconds(f.at_ns)},
          {"duration_ms", f.kind == FaultKind::freeze ? Json(models::to_ms(f.duration_ns)) : Json(nullptr)},
          {"longest_write_gap_ms", models::to_ms(f.write_gap.length_ns)},
          {"write_gap_start_s", models::to_seconds(f.write_gap.start_ns)},
          {"longest_read_gap_ms", models::to_ms(f.read_gap.length_ns)},
          {"read_gap_start_s", models::to_seconds(f.read_gap.start_ns)},
          {"clients_disconnected", f.clients_disconnected},
          {"clients_not_reconnected", f.clients_not_reconnected},
          {"reconnect_ms", reconnect_ms(f)},
          {"sessions_expired", f.sessions_expired},
          {"ephemerals_deleted", f.ephemerals_deleted},
          {"expiries_seen_by_clients", f.expiries_seen_by_clients},
          {"watches_lost", f.watches_lost},
          {"expiry_peak_per_s", f.expiry_storm.peak_per_s()}};
}

// The run's worst second of expiries, fault or none (null start when nothing expired).
Json expiry_json(const FaultMetrics& metrics) {
  const ExpiryStorm& storm = metrics.expiry_storm();
  return {{"sessions_expired", metrics.sessions_expired()},
          {"worst_second_expired", storm.peak_per_s()},
          {"worst_second_start_s", storm.peak_per_s() ? Json(models::to_seconds(storm.peak_start_ns())) : Json(nullptr)}};
}

std::uint64_t count(const Json& v) { return v.get<std::uint64_t>(); }

std::string fixed(const Json& v, const char* fmt = "%.1f") {
  if (v.is_null()) return "never";
  char text[64];
  std::snprintf(text, sizeof text, fmt, v.get<double>());
  return text;
}

}  // namespace

Json faults_json(const FaultMetrics& metrics) {
  Json events = Json::array();
  for (const FaultRecord& f : metrics.faults()) events.push_back(fault_json(f));
  return {{"settle_ms", models::to_ms(metrics.settle_ns())}, {"session_expiry", expiry_json(metrics)}, {"events", events}};
}

std::string faults_summary(const Json& faults) {
  std::ostringstream out;
  out << "\n  faults (times in s; gaps = longest pause of successful writes / reads, all clients, overlapping [event, event + "
      << fixed(faults["settle_ms"], "%.0f") << " ms])\n";
  out << "     #       at_s  kind        write_gap_ms  read_gap_ms  disconnected  reconnect_ms  expired  ephemerals  watches  target\n";
  int index = 0;
  for (const auto& f : faults["events"]) {
    char line[512];
    std::snprintf(line, sizeof line, "  %4d  %9.3f  %-10s  %12s  %11s  %12llu  %12s  %7llu  %10llu  %7llu  %s\n", ++index,
                  f["at_s"].get<double>(), f["kind"].get<std::string>().c_str(), fixed(f["longest_write_gap_ms"]).c_str(),
                  fixed(f["longest_read_gap_ms"]).c_str(), static_cast<unsigned long long>(count(f["clients_disconnected"])),
                  fixed(f["reconnect_ms"]).c_str(), static_cast<unsigned long long>(count(f["sessions_expired"])),
                  static_cast<unsigned long long>(count(f["ephemerals_deleted"])),
                  static_cast<unsigned long long>(count(f["watches_lost"])), f["target"].get<std::string>().c_str());
    out << line;
  }
  const Json& expiry = faults["session_expiry"];
  if (count(expiry["sessions_expired"]) > 0) {
    char line[256];
    std::snprintf(line, sizeof line, "  session expiry: %llu sessions expired by the ensemble, %llu of them within one second from %.3f s\n",
                  static_cast<unsigned long long>(count(expiry["sessions_expired"])),
                  static_cast<unsigned long long>(count(expiry["worst_second_expired"])),
                  expiry["worst_second_start_s"].get<double>());
    out << line;
  }
  return out.str();
}

std::string fault_mark_label(const Json& fault) {
  char gap[64];
  std::snprintf(gap, sizeof gap, ", writes stopped %.2f s", models::ms_to_seconds(fault["longest_write_gap_ms"].get<double>()));
  return fault["kind"].get<std::string>() + " " + fault["target"].get<std::string>() + gap;
}

}  // namespace analysis
