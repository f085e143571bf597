// What the commands share on their command line: the exit codes' help text and the seed option.
#include <limits>

#include "sim/cli/commands.hpp"

namespace sim::cli {

const char* const kExitCodesHelp =
    "Exit codes: 0 success; 1 a problem found (a safety violation, a replay mismatch, traces that differ, a "
    "damaged trace, a failed run); 2 bad input or an unusable output path (nothing was run); 3 an output could not "
    "be written (a full disk, a file-size limit); 130 / 143 interrupted by SIGINT / SIGTERM (nothing completed).";

namespace {

// A decimal integer in [0, 2^64), or nothing.
std::optional<std::uint64_t> parse_seed(const std::string& text) {
  if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

// Parses the option's text as a seed and hands it over; CLI11 reports the error (exit code 2).
CLI::Option* seed_option(CLI::App* cmd, const std::string& name, std::function<void(std::uint64_t)> set,
                         const std::string& description) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [set = std::move(set), name](const std::string& text) {
            const std::optional<std::uint64_t> seed = parse_seed(text);
            if (!seed)
              throw CLI::ValidationError(name, "\"" + text + "\" is not a seed (an integer from 0 to 18446744073709551615)");
            set(*seed);
          },
          description)
      ->type_name("N");
}

}  // namespace

CLI::Option* add_seed_option(CLI::App* cmd, const std::string& name, std::uint64_t& seed, const std::string& description) {
  return seed_option(cmd, name, [&seed](std::uint64_t value) { seed = value; }, description);
}

CLI::Option* add_seed_option(CLI::App* cmd, const std::string& name, std::optional<std::uint64_t>& seed,
                             const std::string& description) {
  return seed_option(cmd, name, [&seed](std::uint64_t value) { seed = value; }, description);
}

}  // namespace sim::cli
