// The event log panel: every trace event the run kept (the latest 50,000), newest last, filtered
// by node and by kind (substrings), drawn with list clipping. Timers firing are hidden unless
// "timers" is ticked: a learner first sees requests, state changes and faults.
#include <cstring>
#include <string_view>

#include "sim/world.h"
#include "viz/panels/panels.h"

namespace kafkasim::viz {

void DrawEventLogPanel(LiveRun& run, ViewState& view, const Area& area) {
  if (!BeginPanel("Event log", area)) {
    ImGui::End();
    return;
  }
  const EventLog& log = run.events();
  ImGui::SetNextItemWidth(140);
  if (ImGui::InputTextWithHint("##node", "node", view.node_filter, sizeof view.node_filter)) {
    view.node_filter_exact = false;  // typed: a substring
  }
  RecordHitBox(view, "events:node filter");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(180);
  ImGui::InputTextWithHint("##kind", "kind (e.g. controller.)", view.kind_filter,
                           sizeof view.kind_filter);
  RecordHitBox(view, "events:kind filter");
  ImGui::SameLine();
  ImGui::Checkbox("timers", &view.show_timers);
  RecordHitBox(view, "events:timers");
  ImGui::SameLine();
  ImGui::TextDisabled("%zu kept of %llu", log.size(), static_cast<unsigned long long>(log.total()));
  const std::string_view node_filter = view.node_filter;
  const std::string_view kind_filter = view.kind_filter;
  const bool filtering = !node_filter.empty() || !kind_filter.empty() || !view.show_timers;
  view.filtered_events.clear();
  if (filtering) {
    for (size_t i = 0; i < log.size(); ++i) {
      const LoggedEvent& e = log.at(i);
      if (!node_filter.empty() &&
          (view.node_filter_exact ? e.node != node_filter
                                  : e.node.find(node_filter) == std::string::npos)) {
        continue;
      }
      if (!kind_filter.empty() && e.kind.find(kind_filter) == std::string_view::npos) continue;
      if (!view.show_timers && e.kind == sim::kinds::kTimer.name) continue;
      view.filtered_events.push_back(i);
    }
  }
  const size_t count = filtering ? view.filtered_events.size() : log.size();
  ImGui::BeginChild("events", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const size_t i =
          filtering ? view.filtered_events[static_cast<size_t>(row)] : static_cast<size_t>(row);
      const LoggedEvent& e = log.at(i);
      ImGui::Text("%12s  %-12s %-32.*s %s", sim::ToString(e.time.SinceZero()).c_str(),
                  e.node.c_str(), static_cast<int>(e.kind.size()), e.kind.data(), e.fields.c_str());
    }
  }
  if (view.events_follow) ImGui::SetScrollHereY(1.0f);
  view.events_follow = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1;
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace kafkasim::viz
