// libFuzzer target over every reader of a user's file (tests/fuzz/input_entry.hpp); the README
// ("Fuzzing the input readers") says how to build and run it. Everything it checks is in
// check_input, which CI also runs over the corpus (tests/sim/fuzz_corpus_test.cpp).
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/input_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string problem = tests::fuzz::check_input(data, size);
  if (!problem.empty()) {
    std::fprintf(stderr, "zksim fuzz: contract broken: %s\n", problem.c_str());
    std::abort();  // libFuzzer saves the input as a crash
  }
  return 0;
}
