#include "analysis/plot/resource_plots.hpp"

#include <algorithm>
#include <sstream>

#include "analysis/plot/gnuplot_script.hpp"
#include "analysis/plot/number_format.hpp"

namespace analysis {

namespace {

const char* kind_title(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::cpu: return "CPU busy per server host";
    case ResourceKind::disk: return "Data device busy per server (an fsync or a disk task in progress)";
    case ResourceKind::nic_out: return "Network interface out, per host";
    case ResourceKind::nic_in: return "Network interface in, per host";
    case ResourceKind::wan: return "Wide-area links between datacenters";
  }
  return "";
}

// The resources of a kind, busiest first past kMaxCurves (ties in the order they were added).
std::vector<const ResourceUsage::Resource*> curves_of(const ResourceUsage& usage, ResourceKind kind, std::size_t& total) {
  std::vector<std::pair<double, const ResourceUsage::Resource*>> found;
  for (const ResourceUsage::Resource& r : usage.resources())
    if (r.kind == kind) found.push_back({resource_figures(usage, r).mean_utilization, &r});
  total = found.size();
  if (found.size() > kMaxCurves) {
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    found.resize(kMaxCurves);
  }
  std::vector<const ResourceUsage::Resource*> curves;
  for (const auto& f : found) curves.push_back(f.second);
  return curves;
}

// One row per interval: its middle in seconds, then each curve's utilization in percent.
std::string data_of(const ResourceUsage& usage, const std::vector<const ResourceUsage::Resource*>& curves) {
  std::ostringstream out;
  out << "# time_s";
  for (const auto* r : curves) out << " " << r->name;
  out << "\n";
  const double interval_s = models::to_seconds(usage.window().interval_ns);
  for (std::size_t i = 0; i < usage.interval_count(); ++i) {
    const double length_ns = usage.interval_ns(i);
    out << fixed_number(usage.interval_start_s(i) + interval_s / 2, 6);
    for (const auto* r : curves) out << " " << fixed_number(100 * std::min(1.0, r->intervals[i].busy_ns / length_ns), 4);
    out << "\n";
  }
  return out.str();
}

std::string script_of(const std::string& name, ResourceKind kind, const ResourceUsage& usage,
                      const std::vector<const ResourceUsage::Resource*>& curves, std::size_t total,
                      const std::vector<TimelineMark>& marks, const std::string& title) {
  std::string what = kind_title(kind);
  if (total > curves.size()) what += " (the " + std::to_string(curves.size()) + " busiest of " + std::to_string(total) + ")";
  const double span_s = models::to_seconds(usage.window().end_ns);
  std::ostringstream out;
  out << script_preamble(name, std::string("utilization: ") + resource_kind_name(kind), plot_title(what, title))
      << "set xlabel \"simulated time (s)\"\nset xrange [0:" << fixed_number(span_s, 6) << "]\n"
      << "set ylabel \"busy (% of each interval)\"\nset yrange [0:105]\nset key outside right top\n"
      << warmup_overlay(usage.window()) << mark_overlays(marks, span_s);
  for (std::size_t c = 0; c < curves.size(); ++c)
    out << (c == 0 ? "plot " : ", \\\n     ") << gp_string(name + ".dat") << " using 1:" << c + 2
        << " with lines lw 2 title " << gp_string(curves[c]->name);
  out << "\n";
  return out.str() + script_svg_replot(name);
}

}  // namespace

std::vector<ResourcePlot> resource_plots(const ResourceUsage& usage, const std::vector<TimelineMark>& marks,
                                         const std::string& title) {
  std::vector<ResourcePlot> plots;
  if (usage.interval_count() == 0) return plots;
  for (ResourceKind kind : {ResourceKind::cpu, ResourceKind::disk, ResourceKind::nic_out, ResourceKind::nic_in, ResourceKind::wan}) {
    std::size_t total = 0;
    const auto curves = curves_of(usage, kind, total);
    if (curves.empty()) continue;
    const std::string name = std::string("resources_") + resource_kind_name(kind);
    plots.push_back({name, data_of(usage, curves), script_of(name, kind, usage, curves, total, marks, title)});
  }
  return plots;
}

}  // namespace analysis
