#pragma once
// The one function the fuzz target (tests/fuzz/input_fuzz.cpp, libFuzzer), its replayer without
// libFuzzer (tests/fuzz/replay_main.cpp) and the corpus regression test
// (tests/sim/fuzz_corpus_test.cpp, doctest) all call, so that every input the fuzzer ever found
// interesting is replayed by CI without the fuzzer's runtime.
#include <cstddef>
#include <cstdint>
#include <string>

namespace tests::fuzz {

// Feeds arbitrary bytes to everything that reads a user's file: the scenario loader and
// validator (and, for a valid scenario, the memory estimate and the expansion of its failure
// process), the incident importer (against the default scenario), the sweep plan loader, the
// calibration measurements loader, the shard file reader with merge's checks, and trace replay and
// diff. Returns an empty string when each kept its contract (a result, or errors that each name a
// JSON path or a line; a replay that verifies, mismatches, finds damage or refuses a bad trace),
// otherwise what was broken. Crashes, assertions, sanitizer reports and escaping exceptions are
// the caller's to notice.
std::string check_input(const std::uint8_t* data, std::size_t size);

}  // namespace tests::fuzz
