#pragma once
// Our own 64-bit hashing for the hash-based strategies. std::hash is not portable (libstdc++ hashes
// integers to themselves, other libraries do not), and a strategy's key-to-server map must be the
// same on every machine for one seed to reproduce a run.
#include <cstdint>

namespace models::balancing {

// MurmurHash3's 64-bit finalizer (fmix64): a bijection that sends every input bit to every output
// bit, so sequential keys land spread over the whole ring.
constexpr std::uint64_t hash64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

// Hash of an ordered pair (boost-style combine, then finalized), e.g. (server, virtual node index).
constexpr std::uint64_t hash_pair(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t ha = hash64(a);
  return hash64(ha ^ (hash64(b) + 0x9e3779b97f4a7c15ull + (ha << 6) + (ha >> 2)));
}

// A hash mapped into the open interval (0, 1), for weighted rendezvous scores (log(0) is avoided).
constexpr double hash_to_open_unit(std::uint64_t h) {
  return (static_cast<double>(h >> 11) + 0.5) * 0x1.0p-53;
}

}  // namespace models::balancing
