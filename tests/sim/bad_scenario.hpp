#pragma once
// A malformed scenario and what its refusal must say: the JSON path of the first problem and a
// part of its message or hint. check_refused parses it and checks both.
#include <doctest/doctest.h>

#include <string>

#include "sim/scenario/load_scenario.hpp"

namespace tests {

struct BadScenario {
  const char* json;
  const char* path;     // the JSON path of the (first) problem
  const char* message;  // a part of its message or hint
};

inline void check_refused(const BadScenario& c) {
  CAPTURE(c.json);
  const auto result = sim::parse_scenario(c.json, "test.json", ".");
  CHECK_FALSE(result.scenario.has_value());
  REQUIRE_FALSE(result.errors.empty());
  const auto& first = result.errors.front();
  CHECK(first.path == c.path);
  const std::string text = first.message + " (" + first.hint + ")";
  CHECK_MESSAGE(text.find(c.message) != std::string::npos, text);
}

}  // namespace tests
