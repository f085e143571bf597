#include "sim/runtime/disk_device.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sim {

namespace {
// A transfer this close to its end is done: the shares are doubles.
constexpr double kDoneNs = 0.5;

bool transferring(models::Time at_ns, models::Time lead_until_ns) { return at_ns >= lead_until_ns; }
}  // namespace

DiskDevice::JobId DiskDevice::start(models::Time now_ns, models::Time lead_ns, models::Time device_ns) {
  advance(jobs_, last_ns_, now_ns);
  last_ns_ = std::max(last_ns_, now_ns);
  jobs_.push_back(Job{next_id_, now_ns + std::max<models::Time>(lead_ns, 0), static_cast<double>(std::max<models::Time>(device_ns, 0))});
  return next_id_++;
}

// Between two changes the active transfers each progress at 1 / (their number) of real time.
void DiskDevice::advance(std::vector<Job>& jobs, models::Time from_ns, models::Time to_ns) {
  models::Time at = from_ns;
  for (int guard = 0; at < to_ns; ++guard) {
    assert(guard < 1000);
    std::size_t active = 0;
    models::Time next = to_ns;
    for (const Job& j : jobs) {
      if (!transferring(at, j.lead_until_ns)) next = std::min(next, j.lead_until_ns);
      else if (j.remaining_ns > kDoneNs) ++active;
    }
    if (active > 0) {
      double least = 0;
      bool first = true;
      for (const Job& j : jobs)
        if (transferring(at, j.lead_until_ns) && j.remaining_ns > kDoneNs && (first || j.remaining_ns < least)) {
          least = j.remaining_ns;
          first = false;
        }
      next = std::min(next, at + static_cast<models::Time>(std::ceil(least * static_cast<double>(active))));
    }
    const double share = active > 0 ? static_cast<double>(next - at) / static_cast<double>(active) : 0;
    for (Job& j : jobs)
      if (transferring(at, j.lead_until_ns) && j.remaining_ns > kDoneNs) j.remaining_ns = std::max(0.0, j.remaining_ns - share);
    at = next;
  }
}

models::Time DiskDevice::next_done_ns() const {
  if (jobs_.empty()) return models::kNever;
  std::vector<Job> jobs = jobs_;
  models::Time at = last_ns_;
  for (int guard = 0; guard < 1000; ++guard) {
    for (const Job& j : jobs)
      if (transferring(at, j.lead_until_ns) && j.remaining_ns <= kDoneNs) return at;
    const models::Time next = next_change_ns(jobs, at);
    advance(jobs, at, next);
    at = next;
  }
  assert(false && "a disk job never ends");
  return models::kNever;
}

models::Time DiskDevice::next_change_ns(const std::vector<Job>& jobs, models::Time from_ns) const {
  std::size_t active = 0;
  models::Time next = models::kNever;
  double least = -1;
  for (const Job& j : jobs) {
    if (!transferring(from_ns, j.lead_until_ns)) {
      next = std::min(next, j.lead_until_ns);
    } else {
      ++active;
      if (least < 0 || j.remaining_ns < least) least = j.remaining_ns;
    }
  }
  if (active > 0) next = std::min(next, from_ns + static_cast<models::Time>(std::ceil(least * static_cast<double>(active))));
  return std::max(next, from_ns + 1);
}

std::vector<DiskDevice::JobId> DiskDevice::finish_upto(models::Time now_ns) {
  std::vector<JobId> done;
  while (!jobs_.empty()) {
    const models::Time at = next_done_ns();
    if (at > now_ns) break;
    advance(jobs_, last_ns_, at);
    last_ns_ = std::max(last_ns_, at);
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      if (transferring(at, it->lead_until_ns) && it->remaining_ns <= kDoneNs) {
        done.push_back(it->id);
        it = jobs_.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (now_ns > last_ns_) {
    advance(jobs_, last_ns_, now_ns);
    last_ns_ = now_ns;
  }
  return done;
}

}  // namespace sim
