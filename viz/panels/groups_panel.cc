// The consumer groups panel: each group's state, generation and coordinator, its members and
// their partitions, and per partition the committed offset, the log end (high watermark), the
// lag and Burrow's status; the group's lag over simulated time as a plot.
#include <string>

#include "model/client/consumer.h"
#include "viz/panels/panels.h"

namespace kafkasim::viz {
namespace {

ImVec4 StatusColour(kafka::LagStatus s) {
  switch (s) {
    case kafka::LagStatus::kOk:
      return ImVec4(0.3f, 0.75f, 0.4f, 1);
    case kafka::LagStatus::kWarn:
      return ImVec4(0.95f, 0.65f, 0.15f, 1);
    case kafka::LagStatus::kNotFound:
      return ImVec4(0.6f, 0.6f, 0.6f, 1);
    default:
      return ImVec4(0.9f, 0.3f, 0.3f, 1);
  }
}

}  // namespace

void DrawGroupsPanel(LiveRun& run, ViewState& view, const Area& area) {
  (void)view;
  if (!BeginPanel("Consumer groups", area)) {
    ImGui::End();
    return;
  }
  const kafka::Cluster& cluster = run.cluster();
  if (run.lag().groups().empty()) ImGui::TextDisabled("No consumer group in this scenario yet.");
  for (const auto& [name, lag] : run.lag().groups()) {
    const kafka::GroupMetadata* g = cluster.Group(name);
    const int32_t coordinator = cluster.Coordinator(name);
    ImGui::PushID(name.c_str());
    ImGui::Text("%s", name.c_str());
    ImGui::SameLine();
    ImGui::TextColored(StatusColour(lag.status), "[%s]", kafka::ToString(lag.status));
    ImGui::SameLine();
    if (g != nullptr) {
      ImGui::TextDisabled("%s, generation %d, coordinator %d, %zu member%s",
                          kafka::ToString(g->state), g->generation_id, coordinator,
                          g->members.size(), g->members.size() == 1 ? "" : "s");
    } else {
      ImGui::TextDisabled("no coordinator");
    }
    if (g != nullptr) {
      for (const auto& [member_id, m] : g->members) {
        std::string parts;
        for (const auto& tp : m.assignment) {
          parts += (parts.empty() ? "" : " ") + tp.topic + "-" + std::to_string(tp.partition);
        }
        ImGui::BulletText("%s: %s", m.client_id.c_str(), parts.empty() ? "-" : parts.c_str());
      }
    }
    if (ImGui::BeginTable("lag", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("Partition");
      ImGui::TableSetupColumn("Committed");
      ImGui::TableSetupColumn("Log end");
      ImGui::TableSetupColumn("Lag");
      ImGui::TableSetupColumn("Status");
      ImGui::TableHeadersRow();
      for (const auto& [tp, p] : lag.partitions) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%s-%d", tp.topic.c_str(), tp.partition);
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(p.committed));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(p.end));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(p.lag()));
        ImGui::TableNextColumn();
        ImGui::TextColored(StatusColour(p.status), "%s", kafka::ToString(p.status));
      }
      ImGui::EndTable();
    }
    if (!lag.total_lag.empty()) {
      const std::string label =
          "lag now " + std::to_string(static_cast<int64_t>(lag.total_lag.back()));
      PlotOverTime("##lag", lag.times_s, lag.total_lag, label, ImGui::GetContentRegionAvail().x,
                   76);
    }
    ImGui::Separator();
    ImGui::PopID();
  }
  ImGui::End();
}

}  // namespace kafkasim::viz
