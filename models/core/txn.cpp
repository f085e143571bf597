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
    case Status::no_node: return "no_node";
    case Status::node_exists: return "node_exists";
    case Status::bad_version: return "bad_version";
    case Status::not_empty: return "not_empty";
    case Status::session_expired: return "session_expired";
    case Status::no_children_for_ephemerals: return "no_children_for_ephemerals";
  }
  return "?";
}

const char* op_code_name(OpCode code) {
  switch (code) {
    case OpCode::data: return "data";
    case OpCode::create: return "create";
    case OpCode::remove: return "delete";
    case OpCode::exists: return "exists";
    case OpCode::children: return "children";
    case OpCode::create_session: return "create_session";
    case OpCode::close_session: return "close_session";
  }
  return "?";
}

std::string keyed_path(std::uint64_t key) { return "/k/" + std::to_string(key); }

}  // namespace models
