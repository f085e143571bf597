#pragma once
// modulo_hash: the source documents' f(x) = (x mod p) + 1 over p servers, i.e. index x mod p in the
// id-sorted member list (the +1 only numbers servers from 1). Implemented under its right name so
// that comparisons show what the documents call "consistent hashing" really costs: going from n to
// n + 1 servers moves n / (n + 1) of the keys. The key is used as x unhashed; weights are ignored.
#include "models/balancing/strategy.hpp"

namespace models::balancing {

class ModuloHash final : public Strategy {
 public:
  std::string_view name() const override { return "modulo_hash"; }

 protected:
  bool on_members_changed(const std::vector<Member>&, Rng&) override { return false; }
  NodeId choose(const PickContext& ctx, Rng&) override {
    return members()[static_cast<std::size_t>(ctx.key % members().size())].id;
  }
};

}  // namespace models::balancing
