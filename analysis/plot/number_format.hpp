#pragma once
// Fixed printf formats for every number written to a plot file. Streams would follow the global
// locale and the stream's precision state; snprintf with a fixed format in the "C" locale (the
// program never calls setlocale) gives the same bytes for the same double on every run.
#include <string>

namespace analysis {

// `value` with `decimals` digits after the point; "nan" for a missing value, which the gnuplot
// scripts declare as their missing-data marker.
std::string fixed_number(double value, int decimals);

}  // namespace analysis
