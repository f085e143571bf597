#pragma once
// How busy each resource of the platform was over time (report section `resources`,
// resources.csv, the plots resources_*.png): the CPU of each server host, the data device of each
// server, the network interface of every host (out and in) and each wide-area link between
// datacenters. The runtime tells it the work each resource did, as intervals of simulated time;
// it keeps, per resource and per interval of the metrics window, the busy time, the time-averaged
// number of jobs present (queue length, by Little's law: the sum of the jobs' times in the
// system over the interval's length), the bytes moved and the jobs' latencies. Only the measured
// window (after the warm-up) is kept. No SimGrid: the runtime measures, this only adds up.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/metrics/run_metrics.hpp"

namespace analysis {

enum class ResourceKind : std::uint8_t { cpu, disk, nic_out, nic_in, wan };
const char* resource_kind_name(ResourceKind kind);

class ResourceUsage {
 public:
  using Id = std::size_t;
  explicit ResourceUsage(MetricsWindow window);

  // A resource named for people ("server 3", "clients1", "dc1-dc2"); `server` is its server's id
  // (kNoNode for a client host or a link), so the summary can name its role.
  Id add(ResourceKind kind, std::string name, models::NodeId server = models::kNoNode);

  // The resource worked work_ns between from_ns and to_ns (spread evenly over them: a shared
  // device's job, a message on an interface).
  void add_work(Id id, models::Time from_ns, models::Time to_ns, models::Time work_ns);
  // One job was present (waiting or served) from from_ns to to_ns.
  void add_presence(Id id, models::Time from_ns, models::Time to_ns);
  void add_bytes(Id id, models::Time at_ns, double bytes);
  // A job that ended at at_ns took latency_ns (an fsync from its start to its completion).
  void add_latency(Id id, models::Time at_ns, models::Time latency_ns);

  struct Interval {
    double busy_ns = 0;
    double present_ns = 0;  // summed over the jobs: divided by the interval, the mean queue length
    double bytes = 0;
    double latency_ns = 0;  // summed
    std::uint32_t latencies = 0;
  };
  struct Resource {
    ResourceKind kind;
    std::string name;
    models::NodeId server;
    std::vector<Interval> intervals;
  };
  const std::vector<Resource>& resources() const { return resources_; }
  const MetricsWindow& window() const { return window_; }
  std::size_t interval_count() const { return intervals_; }
  // The length of interval i within the measured window (the last one may be short), in ns.
  double interval_ns(std::size_t i) const;
  double interval_start_s(std::size_t i) const;

 private:
  // Adds amount_per_ns x (overlap of [from, to) with each interval) to the field.
  void spread(Id id, models::Time from_ns, models::Time to_ns, double amount_per_ns, double Interval::*field);
  Interval* at(Id id, models::Time t_ns);

  MetricsWindow window_;
  std::size_t intervals_;
  std::vector<Resource> resources_;
};

// The utilization of a resource over the measured window, and its busiest interval.
struct ResourceFigures {
  double mean_utilization = 0;  // busy time / window length
  double peak_utilization = 0;  // of the busiest interval
  double peak_at_s = 0;         // that interval's start
  double mean_queue = 0;        // jobs present, time-averaged over the window
  double peak_queue = 0;        // of the interval where it is highest
  double bytes = 0;
  double mean_latency_ms = 0;   // 0 when no job reported one
};
ResourceFigures resource_figures(const ResourceUsage& usage, const ResourceUsage::Resource& r);

// "the resources": per resource its figures; and the bottleneck, the resource with the highest
// mean utilization over the measured window (null when nothing worked).
// A server's resource is named with its role at the end of the run (roles: RunMetrics::roles()).
nlohmann::ordered_json resources_json(const ResourceUsage& usage, const std::map<models::NodeId, models::PeerState>& roles);
// One line for summary.txt: "bottleneck    server 5 (leader) CPU 97.1 % busy (peak 99.0 % at 12 s)".
std::string bottleneck_summary(const nlohmann::ordered_json& resources);
// One row per interval and resource: start_s,resource,kind,utilization,queue,bytes,latency_ms
// (queue for CPUs and data devices only, latency_ms, the fsyncs' mean, for data devices only).
std::string resources_csv(const ResourceUsage& usage);

}  // namespace analysis
