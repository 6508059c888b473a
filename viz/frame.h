// One frame of the view, without any window or GPU: the layout of the panels on the display and
// the playback clock. The window (viz/window.h) and the headless tests and benchmark call the
// same BuildFrame between ImGui::NewFrame and ImGui::Render.
#pragma once

#include "viz/live_run.h"
#include "viz/view_state.h"

namespace kafkasim::viz {

// Draws every panel for a display of `width` by `height` pixels.
void BuildFrame(LiveRun& run, ViewState& view, float width, float height);
// While playing, moves simulated time by `wall_seconds` times the view's speed.
void AdvancePlayback(LiveRun& run, ViewState& view, double wall_seconds);

// An ImGui context set up as the view wants it (dark style, fonts built, no .ini file); the
// context is current while the scope lives.
class ImGuiScope {
 public:
  ImGuiScope();
  ~ImGuiScope();
  ImGuiScope(const ImGuiScope&) = delete;
  ImGuiScope& operator=(const ImGuiScope&) = delete;
};

}  // namespace kafkasim::viz
