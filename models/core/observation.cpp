// The names of the reconfig vocabulary that observations carry (reports and traces print them).
#include "models/core/observation.hpp"

namespace models {

const char* reconfig_phase_name(ReconfigPhase phase) {
  switch (phase) {
    case ReconfigPhase::requested: return "requested";
    case ReconfigPhase::refused: return "refused";
    case ReconfigPhase::proposed: return "proposed";
    case ReconfigPhase::committed: return "committed";
    case ReconfigPhase::activated: return "activated";
  }
  return "?";
}

const char* reconfig_refusal_name(ReconfigRefusal refusal) {
  switch (refusal) {
    case ReconfigRefusal::none: return "none";
    case ReconfigRefusal::no_quorum_of_new_config: return "no_quorum_of_new_config";
    case ReconfigRefusal::reconfig_in_progress: return "reconfig_in_progress";
    case ReconfigRefusal::no_change: return "no_change";
    case ReconfigRefusal::invalid: return "invalid";
    case ReconfigRefusal::not_serving: return "not_serving";
  }
  return "?";
}

}  // namespace models
