#pragma once
// What the runtime's resources did, told to analysis::ResourceUsage as it happens: a server's CPU
// per input (the host actor's timing: from the input's arrival, through its wait, to the end of its
// service), its data device per fsync and disk task (busy while any is in progress; the log
// requests waiting for their fsync; bytes written; an fsync's latency), every host's interface per comm
// (its bytes at the interface's rate, out of the sender and into the receiver) and the wide-area
// link a comm crosses. Rates are the platform's as built: a platform file's hosts have no
// interface the runtime knows, so only their CPUs and disks are measured. Nothing is measured
// until attach() is called.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <utility>
#include <vector>

#include "analysis/metrics/resource_usage.hpp"
#include "models/core/time.hpp"

namespace sim {

class World;

class ResourceMeter {
 public:
  // Registers the resources of every host the world has now (call it once the platform is built).
  void attach(analysis::ResourceUsage& usage, const World& world);

  void cpu(std::size_t host, models::Time arrived_ns, models::Time start_ns, models::Time busy_ns);
  // A disk job that started at start_ns (disk_started) ended at done_ns, having written
  // bytes_written (0 for a read).
  struct DiskJob {
    models::Time start_ns = 0;
    std::uint64_t bytes_written = 0;
    bool fsync = false;
  };
  // A step logged transactions: they wait for the log's next fsync (group commit), then for it to
  // complete; the data device's queue is how many such requests wait or are being written
  // (ZooKeeper's SyncRequestProcessor queue).
  void log_request(std::size_t host, models::Time now_ns);
  // The device is busy (iostat's %util) while it has any job, an fsync's flush included; an fsync
  // takes every request waiting.
  void disk_started(std::size_t host, models::Time now_ns, bool fsync);
  void disk(std::size_t host, const DiskJob& job, models::Time done_ns);
  // The host's process ended: the jobs it had never complete.
  void host_stopped(std::size_t host, models::Time now_ns);
  void send(std::size_t from_host, std::size_t to_host, models::Time at_ns, std::uint64_t bytes);

 private:
  static constexpr std::size_t kNone = SIZE_MAX;
  struct HostMeters {
    std::size_t cpu = kNone, disk = kNone, nic_out = kNone, nic_in = kNone;
    double nic_bytes_per_s = 0;
    std::size_t datacenter = 0;
    int disk_jobs = 0;             // in progress
    models::Time disk_busy_since_ns = 0;
    std::deque<models::Time> log_waiting_ns;  // arrivals of the log requests waiting for an fsync
    std::vector<models::Time> log_writing_ns;  // and of those the fsync in progress writes
  };
  void disk_job_ended(std::size_t host, models::Time now_ns);
  struct Wan {
    std::size_t id;
    double bytes_per_s;
  };
  void on_interface(std::size_t id, double bytes_per_s, models::Time at_ns, std::uint64_t bytes);
  // Attached, and the host was there when it was: only those are measured.
  bool measured(std::size_t host) const { return usage_ && host < hosts_.size(); }

  analysis::ResourceUsage* usage_ = nullptr;
  std::vector<HostMeters> hosts_;
  std::map<std::pair<std::size_t, std::size_t>, Wan> wan_;  // by (lower, higher) datacenter index
};

}  // namespace sim
