#pragma once
// The requests in flight: sent to a server (RequestIssued) and not yet answered (RequestCompleted).
// Completions alone cannot show what a caller sees when answers stop coming: a request stuck on a
// server that lost its quorum completes late or never. With a deadline (the scenario's
// workload.request_timeout_ms) a request answered after it, or still unanswered when it passed,
// failed for its caller at that moment; and time in which requests waited with none in flight
// answered is time without service, whatever the deadline.
//
// A request's deadline runs from when its client made the call (RequestCompleted.issued_ns); for
// one never answered, from when it was sent, the only time the stream gives (a call queued while
// disconnected is sent later, so its deadline may be counted late). Only the requests in flight
// are held, so the memory does not grow with the run.
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "models/core/observation.hpp"

namespace analysis {

class InFlightRequests {
 public:
  explicit InFlightRequests(models::Time timeout_ns = 0) : timeout_ns_(timeout_ns) {}
  models::Time timeout_ns() const { return timeout_ns_; }

  void sent(models::Time time_ns, models::NodeId client, std::uint64_t cxid);
  // Its request is no longer in flight. Returns when it failed by its deadline, if it came after
  // it: its caller saw the failure then (an error that came later, such as the connection loss of
  // a server that lost its quorum and stepped down, is the same failure, seen too late).
  std::optional<models::Time> answered(models::Time time_ns, models::NodeId client, const models::RequestCompleted& r);
  // The deadlines, at or before end_ns, of the requests still unanswered.
  std::vector<models::Time> passed_deadlines(models::Time end_ns) const;
  bool empty() const { return sent_ns_.empty(); }

 private:
  models::Time timeout_ns_;
  std::map<std::pair<models::NodeId, std::uint64_t>, models::Time> sent_ns_;
};

}  // namespace analysis
