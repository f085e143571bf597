#include "models/client/client_library.hpp"

#include <cassert>

namespace models {

std::optional<ClientLibrary> client_library_from(std::string_view name) {
  if (name == "java") return ClientLibrary::java;
  if (name == "c") return ClientLibrary::c;
  return std::nullopt;
}

Time connect_timeout_ns(ClientLibrary library, Time session_timeout_ns, std::size_t servers) {
  assert(servers > 0);
  if (library == ClientLibrary::c) return read_timeout_ns(session_timeout_ns);
  return session_timeout_ns / static_cast<Time>(servers);
}

Time ping_idle_ns(ClientLibrary library, Time session_timeout_ns) {
  if (library == ClientLibrary::c) return session_timeout_ns / 3;
  return read_timeout_ns(session_timeout_ns) / 2;
}

}  // namespace models
