// The data and script of `zksim compare`'s plot.
#include <doctest/doctest.h>

#include <string>

#include "analysis/plot/comparison_plot.hpp"

namespace {

analysis::Comparison two_strategies() {
  analysis::Comparison c;
  c.scenario = "demo";
  c.seed = 3;
  for (const char* name : {"round_robin", "random"}) {
    analysis::StrategyRow r;
    r.strategy = name;
    r.p99_ms = 12.5;
    r.availability_percent = 99.25;
    r.spread.jain = 0.875;
    c.rows.push_back(r);
  }
  c.rows[1].completed = false;
  return c;
}

}  // namespace

TEST_CASE("comparison plot: a row per strategy, a failed one without values") {
  const std::string dat = analysis::comparison_plot_dat(two_strategies());
  CHECK(dat.find("0 \"round_robin\" 12.500 99.2500 0.8750\n") != std::string::npos);
  CHECK(dat.find("1 \"random (failed)\" nan nan nan\n") != std::string::npos);
}

TEST_CASE("comparison plot: the script draws its three panels for the PNG and again for the SVG") {
  const std::string gp = analysis::comparison_plot_gp(two_strategies());
  const auto count = [&](const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = gp.find(part); at != std::string::npos; at = gp.find(part, at + 1)) ++n;
    return n;
  };
  CHECK(count("set multiplot layout 1,3") == 2);
  CHECK(count("unset multiplot") == 2);
  CHECK(count("with boxes") == 6);
  CHECK(gp.find("set output \"compare.png\"") < gp.find("set output \"compare.svg\""));
  CHECK(gp.find("Strategies compared (seed 3): demo") != std::string::npos);
}
