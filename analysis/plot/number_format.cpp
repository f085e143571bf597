#include "analysis/plot/number_format.hpp"

#include <cassert>
#include <cmath>
#include <cstdio>

namespace analysis {

std::string fixed_number(double value, int decimals) {
  assert(decimals >= 0 && decimals <= 12);
  if (std::isnan(value)) return "nan";
  char buffer[64];
  const int n = std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  assert(n > 0 && static_cast<std::size_t>(n) < sizeof buffer);
  // "-0.000" and "0.000" are the same number; print one of them so that files do not differ.
  std::string text(buffer, static_cast<std::size_t>(n));
  if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

}  // namespace analysis
