#pragma once
// Renders one of the sweep's gnuplot scripts. Rendering is a convenience (the .dat and .gp files
// are the deterministic output), so a missing or failing gnuplot is a warning, never an error.
#include <string>

namespace sim::sweep {

// Runs gnuplot on NAME.gp in dir (it draws NAME.png and NAME.svg); returns a warning or "". A
// failed run leaves no image behind: an empty or half-written file would claim a plot that is not
// there.
std::string render_plot(const std::string& dir, const std::string& name);

// Removes NAME.png and NAME.svg from dir if they are there.
void remove_images(const std::string& dir, const std::string& name);

}  // namespace sim::sweep
