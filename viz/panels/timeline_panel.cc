// The timeline panel: play and pause, one event, on to the next narration or step, the speed
// (0.01x to 1000x simulated time), a slider to scrub to any moment (backwards by replaying from
// the start), and "Save as scenario", which writes the session with every action taken. A served
// run has no time controls (the wall clock moves it): the panel says where to connect instead.
#include <algorithm>
#include <string>

#include "viz/panels/panels.h"

namespace kafkasim::viz {
namespace {

void DrawLiveTimeline(LiveRun& run, ViewState& view) {
  ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.45f, 1), "LIVE");
  ImGui::SameLine();
  const sim::Duration now_ms = sim::Duration::Millis(run.now().SinceZero().millis());
  ImGui::Text("%s  |  %s", sim::ToString(now_ms).c_str(), run.live_banner().c_str());
  ImGui::TextDisabled("%s  |  events %llu  |  fingerprint %s  |  %s", run.scenario().name().c_str(),
                      static_cast<unsigned long long>(run.events().total()),
                      sim::FingerprintHex(run.fingerprint()).c_str(), view.status.c_str());
}

}  // namespace

void DrawTimelinePanel(LiveRun& run, ViewState& view, const Area& area) {
  if (!BeginPanel("Timeline", area, ImGuiWindowFlags_NoTitleBar)) {
    ImGui::End();
    return;
  }
  if (run.live()) {
    DrawLiveTimeline(run, view);
    ImGui::End();
    return;
  }
  if (ImGui::Button(view.playing ? "Pause###play" : "Play###play", ImVec2(70, 0))) {
    view.playing = !view.playing;
  }
  RecordHitBox(view, "timeline:play");
  ImGui::SameLine();
  if (ImGui::Button("Step event")) {
    view.playing = false;
    run.Request([](LiveRun& r) { r.StepOneEvent(); });
  }
  RecordHitBox(view, "timeline:step");
  ImGui::SameLine();
  if (ImGui::Button("Next narration or fault")) {
    view.playing = false;
    run.Request([](LiveRun& r) { r.RunToNextMark(sim::Duration::Seconds(600)); });
  }
  RecordHitBox(view, "timeline:next mark");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(160);
  float speed = static_cast<float>(view.speed);
  if (ImGui::SliderFloat("speed", &speed, 0.01f, 1000.0f, "%.2fx",
                         ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
    view.speed = std::clamp(static_cast<double>(speed), 0.01, 1000.0);
  }
  ImGui::SameLine();
  const double now_s = static_cast<double>(run.now().nanos()) / 1e9;
  const double end_s = static_cast<double>(std::max(run.end(), run.now()).nanos()) / 1e9;
  float at = static_cast<float>(view.scrub_to_s >= 0 ? view.scrub_to_s : now_s);
  ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x - 430));
  const std::string label =
      sim::ToString(run.now().SinceZero()) + " of " + sim::ToString(run.end().SinceZero());
  if (ImGui::SliderFloat("##time", &at, 0.0f, static_cast<float>(end_s), label.c_str(),
                         ImGuiSliderFlags_AlwaysClamp)) {
    view.scrub_to_s = std::clamp(static_cast<double>(at), 0.0, end_s);
  }
  RecordHitBox(view, "timeline:time");
  if (ImGui::IsItemDeactivatedAfterEdit() && view.scrub_to_s >= 0) {
    const sim::Time to =
        sim::Time::Zero() + sim::Duration::Millis(static_cast<int64_t>(view.scrub_to_s * 1000));
    run.Request([to](LiveRun& r) { r.SeekTo(to); });
    view.scrub_to_s = -1;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(170);
  ImGui::InputText("##path", view.save_path, sizeof view.save_path);
  ImGui::SameLine();
  if (ImGui::Button("Save as scenario")) {
    std::string error;
    view.status =
        run.SaveAsScenario(view.save_path, &error)
            ? "saved " + std::to_string(run.recorded().size()) + " actions to " + view.save_path
            : error;
  }
  RecordHitBox(view, "timeline:save");
  ImGui::TextDisabled("%s  |  events %llu  |  fingerprint %s  |  %s", run.scenario().name().c_str(),
                      static_cast<unsigned long long>(run.events().total()),
                      sim::FingerprintHex(run.fingerprint()).c_str(), view.status.c_str());
  ImGui::End();
}

}  // namespace kafkasim::viz
