#pragma once
// JSON encoding of every models:: type that crosses a state machine's boundary (inputs, effects,
// constructor inputs), for traces. It lives here rather than in models/, which must not depend on
// nlohmann. Objects use nlohmann::ordered_json so that keys come out in declaration order and a
// trace is byte-for-byte reproducible. Decoding is strict: a missing key or an unknown name throws
// nlohmann::json::exception, which the replayer reports as a bad trace.
#include <nlohmann/json.hpp>

#include "models/client/app_client.hpp"
#include "models/client/app_server.hpp"
#include "models/client/client.hpp"
#include "models/client/workload.hpp"
#include "models/core/effects.hpp"
#include "models/core/messages.hpp"
#include "models/core/observation.hpp"
#include "models/core/storage.hpp"
#include "models/core/txn.hpp"
#include "models/datatree/data_tree.hpp"
#include "models/server/server_config.hpp"

#define ZKSIM_CODEC_DECLARE(Type)                        \
  void to_json(nlohmann::ordered_json& j, const Type& v); \
  void from_json(const nlohmann::ordered_json& j, Type& v);

// Declared in models:: so that nlohmann finds them by argument-dependent lookup.
namespace models {

ZKSIM_CODEC_DECLARE(PeerState)
ZKSIM_CODEC_DECLARE(MoveCause)
ZKSIM_CODEC_DECLARE(OpKind)
ZKSIM_CODEC_DECLARE(Status)
ZKSIM_CODEC_DECLARE(LoopKind)
ZKSIM_CODEC_DECLARE(ClientLibrary)
ZKSIM_CODEC_DECLARE(Op)
ZKSIM_CODEC_DECLARE(Txn)
ZKSIM_CODEC_DECLARE(Message)
ZKSIM_CODEC_DECLARE(SnapshotFile)
ZKSIM_CODEC_DECLARE(LogFile)
ZKSIM_CODEC_DECLARE(DataFiles)
ZKSIM_CODEC_DECLARE(PersistentState)
ZKSIM_CODEC_DECLARE(InitialData)
ZKSIM_CODEC_DECLARE(StorageOp)
ZKSIM_CODEC_DECLARE(Observation)
ZKSIM_CODEC_DECLARE(Send)
ZKSIM_CODEC_DECLARE(TimerSet)
ZKSIM_CODEC_DECLARE(ServerConfig)
ZKSIM_CODEC_DECLARE(ClientConfig)
ZKSIM_CODEC_DECLARE(WorkloadSpec)
ZKSIM_CODEC_DECLARE(AppServerConfig)
ZKSIM_CODEC_DECLARE(AppClientConfig)

ZKSIM_CODEC_DECLARE(StrategyOptions)

namespace zab {
ZKSIM_CODEC_DECLARE(SnapshotSettings)
}  // namespace zab

}  // namespace models
