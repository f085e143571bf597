#pragma once
// The sections every report.html has, whatever command wrote it: the inputs that produced it
// (so that the page alone says how to reproduce it) and the plots gnuplot drew.
#include <string>
#include <vector>

#include "analysis/report/html_page.hpp"
#include "analysis/report/html_svg.hpp"

namespace analysis {

// What a command was given: the file (scenario or plan), its JSON text as read, and what the
// command line changed on top of it ("seed 7 (--seed)", "strategy round_robin (compare)").
struct HtmlInputs {
  std::string source;
  std::string text;
  std::vector<std::string> notes;
};

void add_inputs_section(HtmlPage& page, const HtmlInputs& inputs);

// Every plot inlined (html_svg.hpp), each in a figure captioned with its file name; ids prefixed
// by id_prefix and the plot's position. Without plots, says why the folder has none.
void add_plots_section(HtmlPage& page, const std::vector<SvgFile>& plots, const std::string& folder,
                       const std::string& id_prefix = "p");

}  // namespace analysis
