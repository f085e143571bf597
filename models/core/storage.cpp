#include "models/core/storage.hpp"

#include <cassert>

namespace models {

Zxid PersistentState::last_zxid() const { return log.empty() ? snapshot.zxid : log.back().zxid; }

namespace {
struct Applier {
  PersistentState& state;
  void operator()(const AppendTxn& op) {
    assert(op.txn.zxid > state.last_zxid());
    state.log.push_back(op.txn);
  }
  void operator()(const TruncateAfter& op) {
    while (!state.log.empty() && state.log.back().zxid > op.zxid) state.log.pop_back();
  }
  void operator()(const SetAcceptedEpoch& op) { state.accepted_epoch = op.epoch; }
  void operator()(const SetCurrentEpoch& op) { state.current_epoch = op.epoch; }
  void operator()(const InstallSnapshot& op) {
    state.snapshot = op.snapshot;
    state.log.clear();
  }
  void operator()(const SetConfiguration& op) {
    if (op.config.version >= state.config.version) state.config = op.config;
  }
};
struct Sizer {
  std::uint64_t operator()(const AppendTxn& op) const { return txn_wire_bytes(op.txn); }
  std::uint64_t operator()(const TruncateAfter&) const { return 0; }
  std::uint64_t operator()(const SetAcceptedEpoch&) const { return 8; }
  std::uint64_t operator()(const SetCurrentEpoch&) const { return 8; }
  std::uint64_t operator()(const InstallSnapshot& op) const { return op.snapshot.size_bytes; }
  std::uint64_t operator()(const SetConfiguration& op) const { return op.config.wire_bytes(); }
};
}  // namespace

void apply(PersistentState& state, const StorageOp& op) { std::visit(Applier{state}, op); }

std::uint64_t storage_bytes(const StorageOp& op) { return std::visit(Sizer{}, op); }

}  // namespace models
