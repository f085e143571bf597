// zksim_fuzz_replay FILE...: the fuzz target's checks (tests/fuzz/input_entry.hpp) over the files
// given, without libFuzzer: a crash file saved by the fuzzer, or the corpus, replayed by any
// build. It links without SimGrid (zksim_files only), which keeps the fuzz build's sources free
// of it. Exit 0 when every file kept the contract, 1 otherwise (a crash aborts, as it should).
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/fuzz/input_entry.hpp"

int main(int argc, char** argv) {
  int broken = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string problem =
        tests::fuzz::check_input(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    if (problem.empty()) continue;
    std::printf("%s: %s\n", argv[i], problem.c_str());
    ++broken;
  }
  std::printf("%d of %d inputs kept the contract\n", argc - 1 - broken, argc - 1);
  return broken == 0 ? 0 : 1;
}
