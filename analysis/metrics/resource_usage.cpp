#include "analysis/metrics/resource_usage.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace analysis {

const char* resource_kind_name(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::cpu: return "cpu";
    case ResourceKind::disk: return "disk";
    case ResourceKind::nic_out: return "nic_out";
    case ResourceKind::nic_in: return "nic_in";
    case ResourceKind::wan: return "wan";
  }
  return "?";
}

ResourceUsage::ResourceUsage(MetricsWindow window) : window_(window) {
  assert(window_.interval_ns > 0 && window_.end_ns >= window_.warmup_ns);
  const models::Time measured_ns = window_.end_ns - window_.warmup_ns;
  intervals_ = static_cast<std::size_t>((measured_ns + window_.interval_ns - 1) / window_.interval_ns);
}

ResourceUsage::Id ResourceUsage::add(ResourceKind kind, std::string name, models::NodeId server) {
  resources_.push_back({kind, std::move(name), server, std::vector<Interval>(intervals_)});
  return resources_.size() - 1;
}

double ResourceUsage::interval_ns(std::size_t i) const {
  const models::Time start = window_.warmup_ns + static_cast<models::Time>(i) * window_.interval_ns;
  return static_cast<double>(std::min(window_.interval_ns, window_.end_ns - start));
}

double ResourceUsage::interval_start_s(std::size_t i) const {
  return models::to_seconds(window_.warmup_ns) + static_cast<double>(i) * models::to_seconds(window_.interval_ns);
}

ResourceUsage::Interval* ResourceUsage::at(Id id, models::Time t_ns) {
  if (t_ns < window_.warmup_ns || t_ns >= window_.end_ns) return nullptr;
  return &resources_[id].intervals[static_cast<std::size_t>((t_ns - window_.warmup_ns) / window_.interval_ns)];
}

void ResourceUsage::spread(Id id, models::Time from_ns, models::Time to_ns, double amount_per_ns,
                           double Interval::*field) {
  from_ns = std::max(from_ns, window_.warmup_ns);
  to_ns = std::min(to_ns, window_.end_ns);
  while (from_ns < to_ns) {
    const auto i = static_cast<std::size_t>((from_ns - window_.warmup_ns) / window_.interval_ns);
    const models::Time interval_end = window_.warmup_ns + static_cast<models::Time>(i + 1) * window_.interval_ns;
    const models::Time until = std::min(to_ns, interval_end);
    resources_[id].intervals[i].*field += amount_per_ns * static_cast<double>(until - from_ns);
    from_ns = until;
  }
}

void ResourceUsage::add_work(Id id, models::Time from_ns, models::Time to_ns, models::Time work_ns) {
  if (work_ns <= 0) return;
  if (to_ns <= from_ns) {  // instantaneous: all of it where it happened
    if (Interval* in = at(id, from_ns)) in->busy_ns += static_cast<double>(work_ns);
    return;
  }
  spread(id, from_ns, to_ns, static_cast<double>(work_ns) / static_cast<double>(to_ns - from_ns), &Interval::busy_ns);
}

void ResourceUsage::add_presence(Id id, models::Time from_ns, models::Time to_ns) {
  spread(id, from_ns, to_ns, 1.0, &Interval::present_ns);
}

void ResourceUsage::add_bytes(Id id, models::Time at_ns, double bytes) {
  if (Interval* in = at(id, at_ns)) in->bytes += bytes;
}

void ResourceUsage::add_latency(Id id, models::Time at_ns, models::Time latency_ns) {
  if (Interval* in = at(id, at_ns)) {
    in->latency_ns += static_cast<double>(latency_ns);
    ++in->latencies;
  }
}

ResourceFigures resource_figures(const ResourceUsage& usage, const ResourceUsage::Resource& r) {
  ResourceFigures f;
  double busy_ns = 0, present_ns = 0, window_ns = 0, latency_ns = 0;
  std::uint64_t latencies = 0;
  for (std::size_t i = 0; i < r.intervals.size(); ++i) {
    const ResourceUsage::Interval& in = r.intervals[i];
    const double length_ns = usage.interval_ns(i);
    window_ns += length_ns;
    busy_ns += in.busy_ns;
    present_ns += in.present_ns;
    f.bytes += in.bytes;
    latency_ns += in.latency_ns;
    latencies += in.latencies;
    const double utilization = std::min(1.0, in.busy_ns / length_ns);
    if (utilization > f.peak_utilization) {
      f.peak_utilization = utilization;
      f.peak_at_s = usage.interval_start_s(i);
    }
    f.peak_queue = std::max(f.peak_queue, in.present_ns / length_ns);
  }
  if (window_ns > 0) {
    f.mean_utilization = std::min(1.0, busy_ns / window_ns);
    f.mean_queue = present_ns / window_ns;
  }
  if (latencies > 0) f.mean_latency_ms = latency_ns / static_cast<double>(latencies) / 1e6;
  return f;
}

namespace {

std::string role_name(models::PeerState state) {
  switch (state) {
    case models::PeerState::leading: return "leader";
    case models::PeerState::following: return "follower";
    case models::PeerState::observing: return "observer";
    default: return "looking";
  }
}

// "server 5 (leader) CPU", "clients1 NIC out", "dc1-dc2 WAN".
std::string label_of(const ResourceUsage::Resource& r, const std::map<models::NodeId, models::PeerState>& roles) {
  static const char* const kWhat[] = {"CPU", "disk", "NIC out", "NIC in", "WAN"};
  std::string label = r.name;
  if (auto it = roles.find(r.server); r.server != models::kNoNode && it != roles.end())
    label += " (" + role_name(it->second) + ")";
  return label + " " + kWhat[static_cast<std::size_t>(r.kind)];
}

// Jobs wait at a CPU and a data device; an interface's comms share it (SimGrid's model), they do
// not queue, and the runtime does not see how many share it.
bool has_queue(ResourceKind kind) { return kind == ResourceKind::cpu || kind == ResourceKind::disk; }

// To the unit's decimals, so that the report prints 0.000533, not 0.0005329999999999999.
double rounded(double v, double per_unit) { return std::round(v * per_unit) / per_unit; }

}  // namespace

nlohmann::ordered_json resources_json(const ResourceUsage& usage, const std::map<models::NodeId, models::PeerState>& roles) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  const ResourceUsage::Resource* busiest = nullptr;
  ResourceFigures busiest_figures;
  for (const ResourceUsage::Resource& r : usage.resources()) {
    const ResourceFigures f = resource_figures(usage, r);
    nlohmann::ordered_json one = {{"resource", r.name},
                                  {"kind", resource_kind_name(r.kind)},
                                  {"mean_utilization", rounded(f.mean_utilization, 1e6)},
                                  {"peak_utilization", rounded(f.peak_utilization, 1e6)},
                                  {"peak_at_s", f.peak_at_s}};
    if (has_queue(r.kind)) {
      one["mean_queue"] = rounded(f.mean_queue, 1e6);
      one["peak_queue"] = rounded(f.peak_queue, 1e6);
    }
    one["bytes"] = rounded(f.bytes, 1);
    if (r.server != models::kNoNode) one["server"] = r.server;
    if (r.kind == ResourceKind::disk) one["mean_fsync_latency_ms"] = rounded(f.mean_latency_ms, 1e6);
    list.push_back(std::move(one));
    if (f.mean_utilization > busiest_figures.mean_utilization) {
      busiest = &r;
      busiest_figures = f;
    }
  }
  nlohmann::ordered_json bottleneck = nullptr;
  if (busiest)
    bottleneck = {{"resource", busiest->name},
                  {"kind", resource_kind_name(busiest->kind)},
                  {"label", label_of(*busiest, roles)},
                  {"mean_utilization", rounded(busiest_figures.mean_utilization, 1e6)},
                  {"peak_utilization", rounded(busiest_figures.peak_utilization, 1e6)},
                  {"peak_at_s", busiest_figures.peak_at_s}};
  return {{"bottleneck", bottleneck}, {"resources", list}};
}

std::string bottleneck_summary(const nlohmann::ordered_json& resources) {
  const auto& b = resources.at("bottleneck");
  char text[256];
  if (b.is_null()) return "  bottleneck    none: no resource did any work in the measured window\n";
  std::snprintf(text, sizeof text, "  bottleneck    %s %.1f %% busy (peak %.1f %% in the interval at %g s)\n",
                b["label"].get<std::string>().c_str(), 100 * b["mean_utilization"].get<double>(),
                100 * b["peak_utilization"].get<double>(), b["peak_at_s"].get<double>());
  return text;
}

std::string resources_csv(const ResourceUsage& usage) {
  std::ostringstream out;
  out << "start_s,resource,kind,utilization,queue,bytes,latency_ms\n";
  char row[256];
  for (std::size_t i = 0; i < usage.interval_count(); ++i) {
    const double start_s = usage.interval_start_s(i);
    const double length_ns = usage.interval_ns(i);
    for (const ResourceUsage::Resource& r : usage.resources()) {
      const ResourceUsage::Interval& in = r.intervals[i];
      const double latency_ms = in.latencies ? in.latency_ns / in.latencies / 1e6 : 0.0;  // fsyncs only
      std::snprintf(row, sizeof row, "%g,%s,%s,%.4f,", start_s, r.name.c_str(), resource_kind_name(r.kind),
                    std::min(1.0, in.busy_ns / length_ns));
      out << row;
      if (has_queue(r.kind)) {
        std::snprintf(row, sizeof row, "%.4f", in.present_ns / length_ns);
        out << row;
      }
      std::snprintf(row, sizeof row, ",%.0f,", in.bytes);
      out << row;
      if (r.kind == ResourceKind::disk) {
        std::snprintf(row, sizeof row, "%.3f", latency_ms);
        out << row;
      }
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace analysis
