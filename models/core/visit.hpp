#pragma once
// Exhaustive dispatch over message kinds (TigerBeetle's exhaustive switch): every node's
// on_message visits the Message variant with an overload set that names every kind, the ones it
// ignores included. A kind added to models::Message then handled by nobody stops the build here,
// instead of being dropped silently at run time. No overload takes `auto`: a catch-all would
// swallow the new kind too.
#include <type_traits>
#include <variant>

namespace models {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// One handler for a list of kinds named one by one: each<A, B>(f) takes an A or a B (and nothing
// else) and calls f with it.
template <class F, class T>
struct EachOne {
  F f;
  decltype(auto) operator()(const T& kind) const { return f(kind); }
};
template <class F, class... Ts>
struct Each : EachOne<F, Ts>... {
  using EachOne<F, Ts>::operator()...;
};
template <class... Ts, class F>
Each<F, Ts...> each(F f) {
  return Each<F, Ts...>{EachOne<F, Ts>{f}...};
}
// Kinds that mean nothing to this node, named so that the choice is visible.
template <class... Ts>
auto ignore() {
  return each<Ts...>([](const auto&) {});
}

template <class Visitor, class Variant>
struct HandlesEvery;
template <class Visitor, class... Ts>
struct HandlesEvery<Visitor, std::variant<Ts...>>
    : std::bool_constant<(std::is_invocable_v<const Visitor&, const Ts&> && ...)> {};

// std::visit, with the reason spelled out when a kind is missing.
template <class Variant, class Visitor>
decltype(auto) dispatch(const Variant& variant, const Visitor& visitor) {
  static_assert(HandlesEvery<Visitor, Variant>::value,
                "a message kind is neither handled nor ignored by name: decide what it means here");
  return std::visit(visitor, variant);
}

}  // namespace models
