#include "analysis/report/html_sections.hpp"

namespace analysis {

void add_inputs_section(HtmlPage& page, const HtmlInputs& inputs) {
  page.section("Inputs");
  page.paragraph("From " + (inputs.source.empty() ? std::string("an unnamed input") : inputs.source) +
                 ": the same inputs and seed give the same report, byte for byte.");
  for (const std::string& note : inputs.notes) page.paragraph("Given on the command line: " + note + ".");
  page.preformatted(inputs.text);
}

void add_plots_section(HtmlPage& page, const std::vector<SvgFile>& plots, const std::string& folder,
                       const std::string& id_prefix) {
  page.section("Plots");
  if (plots.empty()) {
    page.paragraph("No plots: gnuplot did not draw them (it was not installed, or it failed); their scripts are in " +
                   folder + "/.");
    return;
  }
  for (std::size_t i = 0; i < plots.size(); ++i) {
    page.raw("<figure>\n" + inline_svg(plots[i].text, id_prefix + std::to_string(i + 1) + "-") + "<figcaption>" +
             html_escape(folder + "/" + plots[i].name + ".svg") + "</figcaption>\n</figure>\n");
  }
}

}  // namespace analysis
