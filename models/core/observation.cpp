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
    case ReconfigRefusal::incremental_on_hierarchical: return "incremental_on_hierarchical";
  }
  return "?";
}

const char* data_work_name(DataWorkDone::Kind kind) {
  switch (kind) {
    case DataWorkDone::Kind::restore_database: return "restore_database";
    case DataWorkDone::Kind::load_database: return "load_database";
    case DataWorkDone::Kind::write_snapshot: return "write_snapshot";
    case DataWorkDone::Kind::background_snapshot: return "background_snapshot";
    case DataWorkDone::Kind::purge: return "purge";
    case DataWorkDone::Kind::sync_diff: return "sync_diff";
    case DataWorkDone::Kind::sync_trunc: return "sync_trunc";
    case DataWorkDone::Kind::sync_snap: return "sync_snap";
  }
  return "?";
}

const char* move_cause_name(MoveCause cause) {
  switch (cause) {
    case MoveCause::reconnect: return "reconnect";
    case MoveCause::rebalance: return "rebalance";
    case MoveCause::strategy: return "strategy";
  }
  return "?";
}

}  // namespace models
