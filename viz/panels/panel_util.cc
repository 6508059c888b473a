// See panel_util.h.
#include "viz/panels/panel_util.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace kafkasim::viz {

bool BeginPanel(const char* title, const Area& area, ImGuiWindowFlags extra) {
  ImGui::SetNextWindowPos(ImVec2(area.x, area.y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(area.w, area.h), ImGuiCond_Always);
  return ImGui::Begin(title, nullptr,
                      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                          ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | extra);
}

void RecordHitBox(ViewState& view, std::string name) {
  RecordHitBox(view, std::move(name), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void RecordHitBox(ViewState& view, std::string name, ImVec2 min, ImVec2 max) {
  view.hit_boxes.push_back({std::move(name), min.x, min.y, max.x, max.y});
}

uint32_t ReplicaColour(const kafka::Cluster& cluster, int32_t leader,
                       const std::vector<int32_t>& isr, int32_t broker) {
  if (!cluster.IsUp(broker)) return palette::kOffline;
  if (leader == broker) return palette::kLeader;
  if (std::find(isr.begin(), isr.end(), broker) != isr.end()) return palette::kInSyncFollower;
  return palette::kOutOfSync;
}

void CollectPartitions(const kafka::Cluster& cluster, ViewState& view) {
  view.partitions.clear();
  if (const kafka::ControllerContext* c = cluster.ControllerView()) {
    view.partitions_source = "controller " + std::to_string(cluster.ControllerId());
    for (const auto& [tp, info] : c->partitions) {
      view.partitions.push_back(
          {&tp, info.leadership.leader, &info.leadership.isr, &c->Assignment(tp)});
    }
    return;
  }
  view.partitions_source = "no broker is up";
  for (int32_t id : cluster.broker_ids()) {
    if (!cluster.IsUp(id)) continue;
    view.partitions_source =
        "broker " + std::to_string(id) + "'s metadata cache (no active controller)";
    for (const auto& [topic, partitions] : cluster.broker(id).metadata().partitions()) {
      for (const auto& [index, entry] : partitions) {
        view.partitions.push_back({&entry.tp, entry.leader, &entry.isr, &entry.replicas});
      }
    }
    return;
  }
}

scenario::Step KillStep(const std::string& node) {
  scenario::Step s;
  s.set_kill(node);
  return s;
}
scenario::Step PowerLossStep(const std::string& node) {
  scenario::Step s;
  s.set_power_loss(node);
  return s;
}
scenario::Step RestartStep(const std::string& node) {
  scenario::Step s;
  s.set_restart(node);
  return s;
}
scenario::Step StopStep(const std::string& node) {
  scenario::Step s;
  s.set_stop(node);
  return s;
}
scenario::Step PauseStep(const std::string& node, const std::string& duration) {
  scenario::Step s;
  s.mutable_pause()->set_node(node);
  s.mutable_pause()->set_duration(duration);
  return s;
}
scenario::Step CutStep(const std::string& node, const std::vector<std::string>& from) {
  scenario::Step s;
  s.mutable_cut()->set_node(node);
  for (const std::string& f : from) s.mutable_cut()->add_from(f);
  return s;
}
scenario::Step HealStep(const std::string& node) {
  scenario::Step s;
  s.set_heal(node);
  return s;
}
scenario::Step ExpireSessionStep(const std::string& node) {
  scenario::Step s;
  s.set_expire_session(node);
  return s;
}
scenario::Step CommandStep(const std::string& line, const std::vector<std::string>& input) {
  scenario::Step s;
  s.set_command(line);
  for (const std::string& l : input) s.add_input(l);
  return s;
}

void PlotOverTime(const char* id, const std::vector<float>& times_s,
                  const std::vector<float>& values, const std::string& label, float width,
                  float height) {
  constexpr float kAxis = 16;  // room under the plot for the labels
  ImGui::PlotLines(id, values.data(), static_cast<int>(values.size()), 0, label.c_str(), 0.0f,
                   FLT_MAX, ImVec2(width, std::max(height - kAxis, 10.0f)));
  const ImVec2 plot_min = ImGui::GetItemRectMin(), plot_max = ImGui::GetItemRectMax();
  ImGui::Dummy(ImVec2(width, kAxis));
  if (times_s.size() < 2) return;
  // Ticks at a round step that gives four to eight of them over the span shown.
  const float first = times_s.front(), last = times_s.back();
  const float span = std::max(last - first, 1.0f);
  float step = 1;
  for (const float s :
       {1.f, 2.f, 5.f, 10.f, 15.f, 30.f, 60.f, 120.f, 300.f, 600.f, 1800.f, 3600.f}) {
    step = s;
    if (span / s <= 8) break;
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const uint32_t colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float y = plot_max.y;
  draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y), colour);
  for (float t = std::ceil(first / step) * step; t <= last; t += step) {
    const float x = plot_min.x + (plot_max.x - plot_min.x) * (t - first) / span;
    draw->AddLine(ImVec2(x, y), ImVec2(x, y + 4), colour);
    const std::string text = sim::ToString(sim::Duration::Seconds(static_cast<int64_t>(t)));
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    draw->AddText(ImVec2(std::clamp(x - w / 2, plot_min.x, plot_max.x - w), y + 3), colour,
                  text.c_str());
  }
}

}  // namespace kafkasim::viz
