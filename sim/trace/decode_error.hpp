#pragma once
// A trace line that is valid JSON but not a valid trace record (an unknown message type, a node
// that does not exist...). The replayer reports it, like a JSON error, as a bad trace (exit 2).
#include <stdexcept>

namespace sim::trace {

struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace sim::trace
