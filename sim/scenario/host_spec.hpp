#pragma once
// The hardware of one simulated host.

namespace sim {

struct HostSpec {
  double cpu_ghz = 2.1;           // relative to the profile's reference_ghz
  double disk_write_mbps = 200;   // sequential write bandwidth of the log device, MB/s
  double disk_read_mbps = 500;    // sequential read bandwidth of the data device, MB/s (database loads)
  double fsync_ms = 2.0;          // fixed cost of one fsync (a flush of the device)
  double nic_gbps = 1.0;          // network interface bandwidth
};

}  // namespace sim
