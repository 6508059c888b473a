// The view's frame built headless (no window, no GPU), driven through ImGui's own input: a
// right-click on a broker opens its fault menu, and choosing "Kill" kills it in the model.
#include "viz/frame.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "scenarios/loader.h"

namespace kafkasim::viz {
namespace {

class HeadlessView {
 public:
  explicit HeadlessView(const std::string& file)
      : run_(*scenarios::LoadScenarioFile(std::string(KAFKASIM_SOURCE_DIR) + "/scenarios/" + file)
                  .scenario) {}

  // One frame with the mouse at (x, y) and the given buttons held.
  void Frame(float x = -1, float y = -1, bool left = false, bool right = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1600, 1000);
    io.DeltaTime = 1.0f / 60;
    io.MousePos = ImVec2(x, y);
    io.MouseDown[0] = left;
    io.MouseDown[1] = right;
    ImGui::NewFrame();
    BuildFrame(run_, view_, 1600, 1000);
    ImGui::Render();
  }
  // Presses and releases a button on the named hit box, over three frames.
  void Click(const std::string& name, bool right) {
    const ViewState::HitBox* box = view_.FindHitBox(name);
    ASSERT_NE(box, nullptr) << name;
    const float x = box->cx(), y = box->cy();
    Frame(x, y);
    Frame(x, y, !right, right);
    Frame(x, y);
  }
  LiveRun& run() { return run_; }
  ViewState& view() { return view_; }

 private:
  ImGuiScope imgui_;
  LiveRun run_;
  ViewState view_;
};

TEST(ViewFrame, RightClickKillOnABrokerKillsItInTheModel) {
  HeadlessView v("lessons/04-replication-leaders-isr.textproto");
  v.run().AdvanceTo(sim::Time::Zero() + sim::Duration::Seconds(12));
  v.Frame();
  const sim::NodeId broker = *v.run().runner().Resolve("broker-103");
  ASSERT_EQ(v.run().runner().world().state(broker), sim::NodeState::kUp);
  v.Click("broker-103", /*right=*/true);
  ASSERT_NE(v.view().FindHitBox("menu:Kill the process (kill -9)"), nullptr)
      << "the fault menu did not open";
  v.Click("menu:Kill the process (kill -9)", /*right=*/false);
  EXPECT_EQ(v.run().runner().world().state(*v.run().runner().Resolve("broker-103")),
            sim::NodeState::kDown);
  ASSERT_EQ(v.run().recorded().size(), 1u);
  EXPECT_EQ(v.run().recorded()[0].kill(), "broker-103");
}

TEST(ViewFrame, ThePanelsShowTheClusterAndTheTimelineControlsWork) {
  HeadlessView v("lessons/04-replication-leaders-isr.textproto");
  v.Frame();
  for (const char* name : {"broker-101", "broker-102", "broker-103", "zk-1", "timeline:play",
                           "timeline:step", "console:input", "lesson:next"}) {
    EXPECT_NE(v.view().FindHitBox(name), nullptr) << name;
  }
  v.Click("lesson:next", false);  // to the first narration step
  EXPECT_EQ(v.run().now(), v.run().lesson_steps()[0].first);
  v.Click("timeline:play", false);
  EXPECT_TRUE(v.view().playing);
  const sim::Time before = v.run().now();
  AdvancePlayback(v.run(), v.view(), 0.05);  // 50 ms of wall time at 1x
  EXPECT_EQ(v.run().now() - before, sim::Duration::Millis(50));
  v.view().speed = 10;
  AdvancePlayback(v.run(), v.view(), 3.0);  // a stalled frame counts as a tenth of a second
  EXPECT_EQ(v.run().now() - before, sim::Duration::Millis(1050));
}

}  // namespace
}  // namespace kafkasim::viz
