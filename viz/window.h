// The view on a screen: a GLFW window with ImGui's OpenGL 3 renderer, and the same renderer off
// screen (a framebuffer of a hidden window) for screenshots, tests and docs. Needs a display;
// under no display at all, Create and RunWindow fail with a message instead.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "viz/frame.h"
#include "viz/live_run.h"
#include "viz/view_state.h"

struct GLFWwindow;

namespace kafkasim::viz {

struct WindowOptions {
  int width = 1600;
  int height = 1000;
  std::string title = "kafkasim";
  int max_frames = 0;  // close after this many frames (0: when the user closes it); for tests
  // When set, called once a frame in place of the Play button's playback: it moves the run
  // itself (a served run: the wall clock and the sockets). Returning false closes the window.
  std::function<bool()> pump;
  // When set, the last frame drawn before the window closes is also written to this PNG.
  std::string last_frame_png;
};

// Opens a window and runs the view until the user closes it. False, with `error`, if no window
// can be opened (no display) or the last frame cannot be written.
bool RunWindow(LiveRun& run, ViewState& view, const WindowOptions& options, std::string* error);

// Renders the view off screen at a fixed size.
class OffscreenRenderer {
 public:
  static std::unique_ptr<OffscreenRenderer> Create(int width, int height, std::string* error);
  ~OffscreenRenderer();

  // Renders `frames` frames (ImGui settles its layout over the first two) and returns the last
  // as RGBA rows, top row first. `before_frame` may feed input to ImGui before each frame.
  std::vector<uint8_t> Render(LiveRun& run, ViewState& view, int frames = 3,
                              const std::function<void(int frame)>& before_frame = nullptr);
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  OffscreenRenderer() = default;
  GLFWwindow* window_ = nullptr;
  std::unique_ptr<ImGuiScope> imgui_;
  unsigned framebuffer_ = 0, colour_ = 0;
  int width_ = 0, height_ = 0;
};

// Writes RGBA pixels as a PNG.
bool WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba,
              std::string* error);
// Reads a PNG as RGBA (for tests); false if it cannot.
bool ReadPng(const std::string& path, int* width, int* height, std::vector<uint8_t>* rgba);

}  // namespace kafkasim::viz
