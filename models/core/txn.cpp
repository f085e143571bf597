#include "models/core/txn.hpp"

namespace models {

const char* op_kind_name(OpKind kind) {
  switch (kind) {
    case OpKind::read: return "read";
    case OpKind::write: return "write";
  }
  return "?";
}

const char* status_name(Status status) {
  switch (status) {
    case Status::ok: return "ok";
    case Status::connection_loss: return "connection_loss";
    case Status::not_leader: return "not_leader";
    case Status::timeout: return "timeout";
  }
  return "?";
}

}  // namespace models
