#include "analysis/recorder.hpp"

namespace analysis {

void record_effects(Recorder& recorder, models::Time time_ns, models::NodeId node,
                    const models::Effects& effects) {
  for (const models::StorageOp& op : effects.persist)
    if (const auto* logged = std::get_if<models::AppendTxn>(&op)) recorder.record(time_ns, node, models::TxnLogged{logged->txn.zxid});
  for (const models::Txn& txn : effects.deliver)
    recorder.record(time_ns, node, models::TxnDelivered{txn.zxid, txn.client, txn.cxid});
  for (const models::Observation& what : effects.observe) recorder.record(time_ns, node, what);
}

}  // namespace analysis
