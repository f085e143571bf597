#include "analysis/metrics/in_flight_requests.hpp"

namespace analysis {

void InFlightRequests::sent(models::Time time_ns, models::NodeId client, std::uint64_t cxid) {
  sent_ns_.emplace(std::pair{client, cxid}, time_ns);
}

std::optional<models::Time> InFlightRequests::answered(models::Time time_ns, models::NodeId client,
                                                       const models::RequestCompleted& r) {
  sent_ns_.erase({client, r.cxid});
  if (timeout_ns_ == 0) return std::nullopt;
  const models::Time deadline_ns = r.issued_ns + timeout_ns_;
  if (time_ns <= deadline_ns) return std::nullopt;
  return deadline_ns;
}

std::vector<models::Time> InFlightRequests::passed_deadlines(models::Time end_ns) const {
  std::vector<models::Time> passed;
  if (timeout_ns_ == 0) return passed;
  for (const auto& [request, sent_ns] : sent_ns_)
    if (sent_ns + timeout_ns_ <= end_ns) passed.push_back(sent_ns + timeout_ns_);
  return passed;
}

}  // namespace analysis
