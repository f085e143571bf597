#pragma once
// The exit codes of every zksim command (sim/cli/README.md, `zksim --help`). Child processes
// (sweep and calibration runs, replications) use them too, so that a parent can tell "could not
// write" and "interrupted" from "found a problem".
#include <stdexcept>

namespace sim {

constexpr int kExitOk = 0;
constexpr int kExitFailedRun = 1;    // the command found a problem (a safety violation, a mismatch, a failed run)
constexpr int kExitBadInput = 2;     // the input is wrong, or the output path unusable: nothing was run
constexpr int kExitCannotWrite = 3;  // an output could not be written (a full disk, a file-size limit)
// Interrupted by a signal: 128 + its number (130 for SIGINT, 143 for SIGTERM).
constexpr int kExitInterruptedBase = 128;

// Bad input found only once a command is under way (a child run refused its scenario's platform
// file, say): main prints it and exits kExitBadInput.
struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace sim
