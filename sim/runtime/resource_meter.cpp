#include "sim/runtime/resource_meter.hpp"

#include <algorithm>

#include "models/core/ids.hpp"
#include "sim/runtime/world.hpp"

namespace sim {

using analysis::ResourceKind;

void ResourceMeter::attach(analysis::ResourceUsage& usage, const World& world) {
  usage_ = &usage;
  const Scenario& s = world.scenario();
  hosts_.assign(world.host_count(), HostMeters{});
  for (std::size_t h = 0; h < world.host_count(); ++h) {
    const HostRecord& host = world.host(h);
    HostMeters& m = hosts_[h];
    const bool server = std::any_of(host.nodes.begin(), host.nodes.end(), [](models::NodeId id) { return models::is_server(id); });
    const models::NodeId id = server ? host.nodes.front() : models::kNoNode;
    if (host.charges_cpu) m.cpu = usage.add(ResourceKind::cpu, host.name, id);
    if (server) m.disk = usage.add(ResourceKind::disk, host.name, id);
    if (host.nic_bytes_per_s > 0) {
      m.nic_bytes_per_s = host.nic_bytes_per_s;
      m.nic_out = usage.add(ResourceKind::nic_out, host.name, id);
      m.nic_in = usage.add(ResourceKind::nic_in, host.name, id);
    }
    m.datacenter = host.datacenter;
  }
  const auto& dcs = s.network.datacenters;
  if (s.network.platform_file.empty())
    for (std::size_t a = 0; a < dcs.size(); ++a)
      for (std::size_t b = a + 1; b < dcs.size(); ++b)
        wan_[{a, b}] = {usage.add(ResourceKind::wan, dcs[a].name + "-" + dcs[b].name),
                        s.network.wan.bandwidth_gbps * 1e9 / 8};
}

void ResourceMeter::cpu(std::size_t host, models::Time arrived_ns, models::Time start_ns, models::Time busy_ns) {
  if (!measured(host) || hosts_[host].cpu == kNone) return;
  const std::size_t id = hosts_[host].cpu;
  usage_->add_work(id, start_ns, start_ns + busy_ns, busy_ns);
  usage_->add_presence(id, std::min(arrived_ns, start_ns), start_ns + busy_ns);
}

void ResourceMeter::log_request(std::size_t host, models::Time now_ns) {
  if (measured(host) && hosts_[host].disk != kNone) hosts_[host].log_waiting_ns.push_back(now_ns);
}

void ResourceMeter::disk_started(std::size_t host, models::Time now_ns, bool fsync) {
  if (!measured(host) || hosts_[host].disk == kNone) return;
  HostMeters& m = hosts_[host];
  if (m.disk_jobs++ == 0) m.disk_busy_since_ns = now_ns;
  if (fsync) {
    m.log_writing_ns.assign(m.log_waiting_ns.begin(), m.log_waiting_ns.end());
    m.log_waiting_ns.clear();
  }
}

void ResourceMeter::disk(std::size_t host, const DiskJob& job, models::Time done_ns) {
  if (!measured(host) || hosts_[host].disk == kNone) return;
  const std::size_t id = hosts_[host].disk;
  if (job.fsync) {
    for (const models::Time arrived_ns : hosts_[host].log_writing_ns) usage_->add_presence(id, arrived_ns, done_ns);
    hosts_[host].log_writing_ns.clear();
  }
  if (job.bytes_written > 0) usage_->add_bytes(id, done_ns, static_cast<double>(job.bytes_written));
  if (job.fsync) usage_->add_latency(id, done_ns, done_ns - job.start_ns);
  disk_job_ended(host, done_ns);
}

void ResourceMeter::disk_job_ended(std::size_t host, models::Time now_ns) {
  HostMeters& m = hosts_[host];
  if (m.disk_jobs == 0 || --m.disk_jobs > 0) return;
  usage_->add_work(m.disk, m.disk_busy_since_ns, now_ns, now_ns - m.disk_busy_since_ns);
}

void ResourceMeter::host_stopped(std::size_t host, models::Time now_ns) {
  if (!measured(host) || hosts_[host].disk == kNone) return;
  HostMeters& m = hosts_[host];
  for (const models::Time arrived_ns : m.log_waiting_ns) usage_->add_presence(m.disk, arrived_ns, now_ns);
  for (const models::Time arrived_ns : m.log_writing_ns) usage_->add_presence(m.disk, arrived_ns, now_ns);
  m.log_waiting_ns.clear();
  m.log_writing_ns.clear();
  if (m.disk_jobs == 0) return;
  m.disk_jobs = 1;
  disk_job_ended(host, now_ns);
}

void ResourceMeter::on_interface(std::size_t id, double bytes_per_s, models::Time at_ns, std::uint64_t bytes) {
  const auto work_ns = models::from_seconds(static_cast<double>(bytes) / bytes_per_s);
  usage_->add_work(id, at_ns, at_ns + work_ns, work_ns);
  usage_->add_bytes(id, at_ns, static_cast<double>(bytes));
}

void ResourceMeter::send(std::size_t from_host, std::size_t to_host, models::Time at_ns, std::uint64_t bytes) {
  if (!measured(from_host) || !measured(to_host)) return;
  const HostMeters& from = hosts_[from_host];
  const HostMeters& to = hosts_[to_host];
  if (from.nic_out != kNone) on_interface(from.nic_out, from.nic_bytes_per_s, at_ns, bytes);
  if (to.nic_in != kNone) on_interface(to.nic_in, to.nic_bytes_per_s, at_ns, bytes);
  if (from.datacenter == to.datacenter) return;
  auto it = wan_.find({std::min(from.datacenter, to.datacenter), std::max(from.datacenter, to.datacenter)});
  if (it != wan_.end()) on_interface(it->second.id, it->second.bytes_per_s, at_ns, bytes);
}

}  // namespace sim
