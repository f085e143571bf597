#include "analysis/stats/key_moves.hpp"

#include <doctest/doctest.h>

using analysis::moved_fraction;
using models::balancing::StrategyOptions;

// Sticky clients spread over four servers by their inner round robin's random start; removing a
// server moves exactly the clients stuck to it, about a quarter of them (2,000 sampled clients: the
// fraction's standard deviation is under 1%), and each server's removal moves some.
TEST_CASE("key moves: sticky moves the clients whose sticky server was removed") {
  const std::vector<models::NodeId> four = {1, 2, 3, 4};
  double total = 0;
  for (models::NodeId removed : four) {
    std::vector<models::NodeId> three;
    for (models::NodeId id : four)
      if (id != removed) three.push_back(id);
    const double moved = moved_fraction("sticky", {}, four, three, 10'000, 7);
    CAPTURE(removed);
    CHECK(moved > 0.2);
    CHECK(moved < 0.3);
    total += moved;
  }
  CHECK(total == doctest::Approx(1.0));  // every client was stuck to exactly one of them
}

TEST_CASE("key moves: sticky moves nobody when a server joins") {
  CHECK(moved_fraction("sticky", {}, {1, 2, 3}, {1, 2, 3, 4}, 10'000, 7) == 0);
}

// Rendezvous weighs its scores: with server 3 weighing nothing like the others, its removal moves
// only the keys it held, which its weight makes a small share.
TEST_CASE("key moves: the options' weights weigh the members") {
  StrategyOptions options;
  options.weights = {{3, 0.1}};
  const double light = moved_fraction("rendezvous", options, {1, 2, 3}, {1, 2}, 10'000, 7);
  const double even = moved_fraction("rendezvous", {}, {1, 2, 3}, {1, 2}, 10'000, 7);
  CHECK(even == doctest::Approx(1.0 / 3).epsilon(0.05));
  CHECK(light < 0.1);
}
