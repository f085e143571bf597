#pragma once
// The one function the scenario fuzz target (tests/fuzz/scenario_fuzz.cpp, libFuzzer) and the
// corpus regression test (tests/sim/fuzz_corpus_test.cpp, doctest) both call, so that every input
// the fuzzer ever found interesting is replayed by CI without the fuzzer's runtime.
#include <cstddef>
#include <cstdint>
#include <string>

namespace tests::fuzz {

// Feeds arbitrary bytes to everything that reads user input before a simulation starts: the
// scenario loader and validator, the incident importer (against the default scenario), and, for
// a valid scenario, the memory estimate and the expansion of its failure process. Returns an
// empty string when the loaders kept their contract (a scenario, or errors that each name a JSON
// path), otherwise what was broken. Crashes, sanitizer reports and escaping exceptions are the
// caller's to notice.
std::string check_scenario_input(const std::uint8_t* data, std::size_t size);

}  // namespace tests::fuzz
