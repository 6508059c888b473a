// The Kafka metrics tab: each metric the brokers keep under its JMX name (scenarios/
// kafka_metrics.h), as an operator's dashboard shows it: the value now, how it moved since the
// last fault (so a kill's effect reads at a glance), and a small plot over simulated time with a
// time axis. The full JMX name is the row's tooltip. Values come from the samples the run takes
// every simulated second (viz/metrics_history.h).
#include <string>

#include "scenarios/kafka_metrics.h"
#include "viz/panels/panels.h"

namespace kafkasim::viz {

void DrawMetricsTab(LiveRun& run, ViewState& view) {
  (void)view;
  const MetricsHistory& history = run.metrics();
  if (history.times_s().empty()) {
    ImGui::TextDisabled("No sample yet: metrics are sampled every simulated second.");
    return;
  }
  const std::optional<sim::Time> fault = run.LastFault();
  const int before_fault = fault ? history.SampleAt(*fault - sim::Duration::Nanos(1)) : -1;
  if (fault) {
    ImGui::TextDisabled("since the last fault, at %s", sim::ToString(fault->SinceZero()).c_str());
  } else {
    ImGui::TextDisabled("no fault yet: the change column counts from the start");
  }
  const float plot_w = std::max(160.0f, ImGui::GetContentRegionAvail().x - 420);
  if (!ImGui::BeginTable("metrics", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    return;
  }
  ImGui::TableSetupColumn("Metric");
  ImGui::TableSetupColumn("Now");
  ImGui::TableSetupColumn("Since fault");
  ImGui::TableSetupColumn("Over time", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const MetricSeries& m : history.series()) {
    if (m.values.empty()) continue;
    const float now = m.values.back();
    const float then = before_fault >= 0 ? m.values[static_cast<size_t>(before_fault)] : 0.0f;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const std::string short_name = scenarios::ShortMetricName(m.name);
    ImGui::TextUnformatted(short_name.c_str());
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s\n%s", m.name.c_str(),
                        m.counter ? "a count since each broker started, summed over live brokers"
                                  : "a gauge, read from the state now");
    }
    ImGui::TableNextColumn();
    ImGui::Text("%.0f", now);
    ImGui::TableNextColumn();
    const float change = now - then;
    if (change == 0) {
      ImGui::TextDisabled("0");
    } else {
      ImGui::TextColored(change > 0 ? ImVec4(0.95f, 0.65f, 0.15f, 1) : ImVec4(0.3f, 0.75f, 0.4f, 1),
                         "%+.0f", change);
    }
    ImGui::TableNextColumn();
    PlotOverTime(("##" + short_name).c_str(), history.times_s(), m.values, "", plot_w, 44);
  }
  ImGui::EndTable();
}

}  // namespace kafkasim::viz
