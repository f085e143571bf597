#include "analysis/checkers/violation.hpp"

#include <cstdio>

namespace analysis {

const char* violation_kind_name(ViolationKind kind) {
  switch (kind) {
    case ViolationKind::two_leaders_in_epoch: return "two_leaders_in_epoch";
    case ViolationKind::conflicting_delivery: return "conflicting_delivery";
    case ViolationKind::divergent_history: return "divergent_history";
    case ViolationKind::delivery_gap: return "delivery_gap";
    case ViolationKind::zxid_not_increasing: return "zxid_not_increasing";
    case ViolationKind::lost_acknowledged_write: return "lost_acknowledged_write";
    case ViolationKind::client_fifo_order: return "client_fifo_order";
  }
  return "?";
}

std::string zxid_text(models::Zxid zxid) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(zxid));
  return text;
}

std::string describe(const Violation& violation) {
  char head[128];
  std::snprintf(head, sizeof head, "%s at position %llu (t=%.6f ms, node %u): ",
                violation_kind_name(violation.kind),
                static_cast<unsigned long long>(violation.position), models::to_ms(violation.time_ns),
                static_cast<unsigned>(violation.node));
  return head + violation.message;
}

}  // namespace analysis
