// See frame.h. The layout is fixed and proportional: the timeline across the top; the cluster
// and the partitions on the left; the lesson, the groups, the console and the event log on the
// right.
#include "viz/frame.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "viz/panels/panels.h"

namespace kafkasim::viz {

void BuildFrame(LiveRun& run, ViewState& view, float width, float height) {
  view.hit_boxes.clear();
  CollectPartitions(run.cluster(), view);
  const float top = 62;
  const float left_w = std::floor(width * 0.58f);
  const float right_w = width - left_w;
  const float body_h = height - top;
  const float cluster_h = std::floor(body_h * 0.52f);
  DrawTimelinePanel(run, view, {0, 0, width, top});
  DrawClusterPanel(run, view, {0, top, left_w, cluster_h});
  DrawPartitionsPanel(run, view, {0, top + cluster_h, left_w, body_h - cluster_h});
  const float lesson_h = std::min(170.0f, body_h * 0.22f);
  const float groups_h = std::floor((body_h - lesson_h) * 0.36f);
  const float rest = body_h - lesson_h - groups_h;
  const float console_h = std::floor(rest * 0.55f);
  DrawLessonPanel(run, view, {left_w, top, right_w, lesson_h});
  DrawGroupsPanel(run, view, {left_w, top + lesson_h, right_w, groups_h});
  DrawConsolePanel(run, view, {left_w, top + lesson_h + groups_h, right_w, console_h});
  DrawEventLogPanel(run, view,
                    {left_w, top + lesson_h + groups_h + console_h, right_w, rest - console_h});
  DrawQuestionDialog(run, view);
  run.ApplyRequests();
}

void AdvancePlayback(LiveRun& run, ViewState& view, double wall_seconds) {
  if (!view.playing || wall_seconds <= 0) return;
  // A slow frame must not ask for a longer step, which would make the next frame slower still:
  // at most a tenth of a second of wall time per frame counts (the run then plays slower than
  // asked, as a video player drops behind).
  wall_seconds = std::min(wall_seconds, 0.1);
  view.speed = std::clamp(view.speed, 0.01, 1000.0);
  const auto step = static_cast<int64_t>(wall_seconds * view.speed * 1e9);
  if (step <= 0) return;
  const sim::Time to = run.now() + sim::Duration::Nanos(step);
  if (run.now() < run.end() && to >= run.end()) {
    run.AdvanceTo(run.end());  // the lesson's end: pause there (Play goes on past it)
    view.playing = false;
    return;
  }
  run.AdvanceTo(to);
}

ImGuiScope::ImGuiScope() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 4;
  style.FrameRounding = 3;
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas (the GPU upload is the
                                                  // renderer's business)
}

ImGuiScope::~ImGuiScope() { ImGui::DestroyContext(); }

}  // namespace kafkasim::viz
