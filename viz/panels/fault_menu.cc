// See fault_menu.h.
#include "viz/panels/fault_menu.h"

#include <imgui.h>

#include "viz/panels/panel_util.h"

namespace kafkasim::viz {
namespace {

// A menu item that, when chosen, applies `step` and says so in the status bar.
void FaultItem(LiveRun& run, ViewState& view, const char* label, const scenario::Step& step,
               bool enabled = true) {
  const bool chosen = ImGui::MenuItem(label, nullptr, false, enabled);
  RecordHitBox(view, std::string("menu:") + label);
  if (!chosen) return;
  view.status = std::string(label) + " at " + sim::ToString(run.now().SinceZero());
  run.Request([step](LiveRun& r) { r.Act(step); });
}

}  // namespace

void DrawFaultMenu(LiveRun& run, ViewState& view, const std::string& node, NodeRole role) {
  const auto id = run.runner().Resolve(node);
  const sim::NodeState state = id ? run.runner().world().state(*id) : sim::NodeState::kDown;
  const bool running = state != sim::NodeState::kDown;
  ImGui::TextDisabled("%s (%s)", node.c_str(), sim::ToString(state));
  ImGui::Separator();
  FaultItem(run, view, "Kill the process (kill -9)", KillStep(node), running);
  FaultItem(run, view, "Power loss (unflushed writes lost)", PowerLossStep(node), running);
  if (role == NodeRole::kBroker) {
    FaultItem(run, view, "Shut down cleanly (kafka-server-stop)", StopStep(node), running);
  }
  FaultItem(run, view, "Restart", RestartStep(node), !running);
  FaultItem(run, view, "Pause for 10 s (GC)", PauseStep(node, "10s"), state == sim::NodeState::kUp);
  ImGui::Separator();
  FaultItem(run, view, "Cut off from every broker", CutStep(node, {}), running);
  FaultItem(run, view, "Heal its links", HealStep(node));
  if (role == NodeRole::kBroker) {
    ImGui::Separator();
    FaultItem(run, view, "Expire its ZooKeeper session", ExpireSessionStep(node), running);
  }
}

void DrawLinkMenu(LiveRun& run, ViewState& view) {
  ImGui::TextDisabled("link %s - %s", view.link_a.c_str(), view.link_b.c_str());
  ImGui::Separator();
  FaultItem(run, view, "Cut this link", CutStep(view.link_a, {view.link_b}));
  FaultItem(run, view, "Heal this link", HealStep(view.link_a));
}

}  // namespace kafkasim::viz
