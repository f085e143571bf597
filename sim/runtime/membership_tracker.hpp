#pragma once
// What an operator of the ensemble can see while it changes the membership: who leads now, the
// newest configuration any server activated, each server's state, and what became of each reconfig
// request it sent. Fed by the run's observation stream (it is one more recorder); read by the
// membership actor between its steps.
#include <cstdint>
#include <map>

#include "analysis/recorder.hpp"
#include "models/core/configuration.hpp"

namespace sim {

enum class RequestOutcome { pending, committed, refused };

class MembershipTracker final : public analysis::Recorder {
 public:
  explicit MembershipTracker(models::Configuration initial) : active_(std::move(initial)) {}
  void record(models::Time time_ns, models::NodeId node, const models::Observation& what) override;

  models::NodeId leader() const { return leader_; }  // kNoNode while none is established
  const models::Configuration& active() const { return active_; }
  // A server that follows (or observes, or leads) an established leader and is synchronized with
  // it (serving), as far as it last said: an operator checks a new server's sync before it adds it
  // (a big tree's SNAP takes a while).
  bool in_ensemble(models::NodeId id) const;
  RequestOutcome outcome(std::uint64_t request_id) const;
  models::ReconfigRefusal refusal(std::uint64_t request_id) const;

 private:
  models::NodeId leader_ = models::kNoNode;
  models::Configuration active_;
  std::map<models::NodeId, models::PeerState> states_;
  std::map<models::NodeId, bool> synced_;  // synced since its last state change
  std::map<std::uint64_t, RequestOutcome> outcomes_;
  std::map<std::uint64_t, models::ReconfigRefusal> refusals_;
};

}  // namespace sim
