// What the panels share: the screen area each is given, the hit boxes tests and docs read, the
// colour of a replica by its role, and the scenario steps the fault menus make.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "model/cluster.h"
#include "scenarios/scenario.pb.h"
#include "viz/palette.h"
#include "viz/view_state.h"

namespace kafkasim::viz {

struct Area {
  float x = 0, y = 0, w = 0, h = 0;
};

// Places the next window exactly on `area` (the view's layout is fixed, proportional to the
// display) and begins it.
bool BeginPanel(const char* title, const Area& area, ImGuiWindowFlags extra = 0);

// Records the last ImGui item's rectangle under `name`.
void RecordHitBox(ViewState& view, std::string name);
void RecordHitBox(ViewState& view, std::string name, ImVec2 min, ImVec2 max);

// A replica's colour: leader, in-sync follower, out-of-sync follower, or offline (broker down).
uint32_t ReplicaColour(const kafka::Cluster& cluster, int32_t leader,
                       const std::vector<int32_t>& isr, int32_t broker);

// Fills view.partitions from the active controller, or from the first live broker's metadata
// cache when no controller is active (as a Kafka UI asks any broker it can reach).
void CollectPartitions(const kafka::Cluster& cluster, ViewState& view);

// A line plot of `values` against `times_s` (simulated seconds, rising) with a time axis under it:
// ticks and labels at round seconds. `label` is drawn inside the plot, top left.
void PlotOverTime(const char* id, const std::vector<float>& times_s,
                  const std::vector<float>& values, const std::string& label, float width,
                  float height);

// Fault steps as a scenario would write them.
scenario::Step KillStep(const std::string& node);
scenario::Step PowerLossStep(const std::string& node);
scenario::Step RestartStep(const std::string& node);
scenario::Step StopStep(const std::string& node);
scenario::Step PauseStep(const std::string& node, const std::string& duration);
scenario::Step CutStep(const std::string& node, const std::vector<std::string>& from);
scenario::Step HealStep(const std::string& node);
scenario::Step ExpireSessionStep(const std::string& node);
scenario::Step CommandStep(const std::string& line, const std::vector<std::string>& input);

}  // namespace kafkasim::viz
