#pragma once
// What the servers' data work cost (report section `storage`): snapshots written, databases read
// back (at a process's start, at the end of a role, after a TRUNC), purges, and learners'
// synchronizations (DIFF, TRUNC, SNAP), each as a count, bytes and durations per kind; and, one by
// one, the recoveries and synchronizations (the rare events whose time grows with the data: a
// restart's database load, a SNAP). From the servers' DataWorkDone observations: the duration is
// the observation's time minus the work's start. Memory stays bounded: the frequent kinds
// (snapshots, purges) are only summed, and at most kMaxEvents events are kept one by one.
#include <array>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/recorder.hpp"

namespace analysis {

struct DataWorkStats {
  std::uint64_t count = 0;
  std::uint64_t bytes = 0;
  models::Time duration_ns = 0;      // summed
  models::Time max_duration_ns = 0;
};

struct DataWorkEvent {
  models::NodeId server = models::kNoNode;
  models::DataWorkDone::Kind kind = models::DataWorkDone::Kind::restore_database;
  models::Time started_ns = 0;
  models::Time duration_ns = 0;
  std::uint64_t bytes = 0;
};

class StorageMetrics final : public Recorder {
 public:
  static constexpr std::size_t kMaxEvents = 10'000;
  static constexpr std::size_t kKinds = 8;  // models::DataWorkDone::Kind
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;

  const DataWorkStats& stats(models::DataWorkDone::Kind kind) const { return stats_[static_cast<std::size_t>(kind)]; }
  const std::vector<DataWorkEvent>& events() const { return events_; }
  std::uint64_t events_dropped() const { return dropped_; }
  bool empty() const;

 private:
  std::array<DataWorkStats, kKinds> stats_{};
  std::vector<DataWorkEvent> events_;
  std::uint64_t dropped_ = 0;
};

nlohmann::ordered_json storage_json(const StorageMetrics& metrics);
// A few summary lines: per kind of work, how many, their mean size, mean and longest duration.
std::string storage_summary(const nlohmann::ordered_json& storage);

}  // namespace analysis
