#pragma once
// The data device of one server's host, shared by the log's fsyncs and the server's disk tasks
// (snapshots written, databases read back): while several transfer at once, they share the
// device's time equally (processor sharing), each moving at the rate it would have alone (its
// bytes at the write or read bandwidth), so that a snapshot being written slows the log's fsyncs
// down, and the other way round. What is not device time is not shared: a job first spends its own
// lead time (an fsync's flush latency, a task's fixed cost and its CPU per byte), then transfers.
// Pure C++, no SimGrid: the host actor drives it with its clock.
#include <cstdint>
#include <vector>

#include "models/core/time.hpp"

namespace sim {

class DiskDevice {
 public:
  using JobId = std::uint64_t;

  // A job starting now: lead_ns of its own, then device_ns of device time (alone).
  JobId start(models::Time now_ns, models::Time lead_ns, models::Time device_ns);
  // When the first job in progress will be done if nothing else starts (kNever: none).
  models::Time next_done_ns() const;
  // Moves the device to now and returns the jobs done by then, in the order they finished.
  std::vector<JobId> finish_upto(models::Time now_ns);
  bool idle() const { return jobs_.empty(); }
  // Drops every job (the process stopped: what it was writing never completes).
  void clear() { jobs_.clear(); }

 private:
  struct Job {
    JobId id;
    models::Time lead_until_ns;
    double remaining_ns;  // device time still to go, alone
  };
  // The next moment something changes after last_ns_ (a lead ends, a transfer ends), and whether
  // that moment is a transfer's end.
  models::Time next_change_ns(const std::vector<Job>& jobs, models::Time from_ns) const;
  static void advance(std::vector<Job>& jobs, models::Time from_ns, models::Time to_ns);

  std::vector<Job> jobs_;  // few: one fsync and one task per lane at most
  models::Time last_ns_ = 0;
  JobId next_id_ = 1;
};

}  // namespace sim
