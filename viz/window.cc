// See window.h.
#include "viz/window.h"

#define GL_GLEXT_PROTOTYPES  // the framebuffer calls of OpenGL 3, from libGL
#include <GL/gl.h>
#include <GL/glext.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <chrono>

#include "viz/frame.h"

namespace kafkasim::viz {
namespace {

constexpr const char* kGlslVersion = "#version 130";

GLFWwindow* OpenWindow(int width, int height, const std::string& title, bool visible,
                       std::string* error) {
  if (!glfwInit()) {
    const char* description = nullptr;
    glfwGetError(&description);
    if (error)
      *error = std::string("no display for a window: ") +
               (description ? description : "glfwInit failed");
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  GLFWwindow* window = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (window == nullptr) {
    const char* description = nullptr;
    glfwGetError(&description);
    if (error)
      *error = std::string("cannot open a window: ") +
               (description ? description : "glfwCreateWindow failed");
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  return window;
}

// The frame in `buffer` as RGBA rows, top row first (OpenGL's rows run bottom up; a PNG's top
// down).
std::vector<uint8_t> ReadPixels(GLenum buffer, int width, int height) {
  glReadBuffer(buffer);
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  const size_t row = static_cast<size_t>(width) * 4;
  for (int y = 0; y < height / 2; ++y) {
    std::swap_ranges(pixels.begin() + static_cast<ptrdiff_t>(y * row),
                     pixels.begin() + static_cast<ptrdiff_t>((y + 1) * row),
                     pixels.begin() + static_cast<ptrdiff_t>((height - 1 - y) * row));
  }
  return pixels;
}

}  // namespace

bool RunWindow(LiveRun& run, ViewState& view, const WindowOptions& options, std::string* error) {
  GLFWwindow* window = OpenWindow(options.width, options.height, options.title, true, error);
  if (window == nullptr) return false;
  bool written = true;
  glfwSwapInterval(1);
  {
    ImGuiScope imgui;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init(kGlslVersion);
    // The wall clock paces playback only; the simulation never sees it (a served run's pump
    // moves the simulation itself).
    auto last = std::chrono::steady_clock::now();
    bool closing = false;
    for (int frame = 0; !closing; ++frame) {
      glfwPollEvents();
      closing = glfwWindowShouldClose(window) ||
                (options.max_frames > 0 && frame + 1 >= options.max_frames);
      const auto now = std::chrono::steady_clock::now();
      if (options.pump) {
        if (!options.pump()) closing = true;
      } else {
        AdvancePlayback(run, view, std::chrono::duration<double>(now - last).count());
      }
      last = now;
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      ImGui::NewFrame();
      int w = 0, h = 0;
      glfwGetWindowSize(window, &w, &h);
      if (w < 200 || h < 150 || glfwGetWindowAttrib(window, GLFW_ICONIFIED)) {
        ImGui::EndFrame();  // minimised or too small to lay out: draw nothing this frame
        glfwWaitEventsTimeout(0.1);
        continue;
      }
      BuildFrame(run, view, static_cast<float>(w), static_cast<float>(h));
      ImGui::Render();
      int fw = 0, fh = 0;
      glfwGetFramebufferSize(window, &fw, &fh);
      glViewport(0, 0, fw, fh);
      glClearColor(0.09f, 0.10f, 0.12f, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      if (closing && !options.last_frame_png.empty()) {
        if (!WritePng(options.last_frame_png, fw, fh, ReadPixels(GL_BACK, fw, fh), error)) {
          written = false;
        }
      }
      glfwSwapBuffers(window);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
  }
  glfwDestroyWindow(window);
  glfwTerminate();
  return written;
}

std::unique_ptr<OffscreenRenderer> OffscreenRenderer::Create(int width, int height,
                                                             std::string* error) {
  GLFWwindow* window = OpenWindow(width, height, "kafkasim (off screen)", false, error);
  if (window == nullptr) return nullptr;
  std::unique_ptr<OffscreenRenderer> r(new OffscreenRenderer);
  r->window_ = window;
  r->width_ = width;
  r->height_ = height;
  glGenFramebuffers(1, &r->framebuffer_);
  glBindFramebuffer(GL_FRAMEBUFFER, r->framebuffer_);
  glGenRenderbuffers(1, &r->colour_);
  glBindRenderbuffer(GL_RENDERBUFFER, r->colour_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, r->colour_);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    if (error) *error = "cannot make an off-screen framebuffer";
    return nullptr;
  }
  r->imgui_ = std::make_unique<ImGuiScope>();
  ImGui_ImplGlfw_InitForOpenGL(window, false);
  ImGui_ImplOpenGL3_Init(kGlslVersion);
  return r;
}

OffscreenRenderer::~OffscreenRenderer() {
  if (window_ == nullptr) return;
  glfwMakeContextCurrent(window_);
  if (imgui_ != nullptr) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    imgui_.reset();
  }
  if (colour_) glDeleteRenderbuffers(1, &colour_);
  if (framebuffer_) glDeleteFramebuffers(1, &framebuffer_);
  glfwDestroyWindow(window_);
  glfwTerminate();
}

std::vector<uint8_t> OffscreenRenderer::Render(LiveRun& run, ViewState& view, int frames,
                                               const std::function<void(int)>& before_frame) {
  glfwMakeContextCurrent(window_);
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  for (int f = 0; f < frames; ++f) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = 1.0f / 60;
    if (before_frame) before_frame(f);
    ImGui::NewFrame();
    BuildFrame(run, view, io.DisplaySize.x, io.DisplaySize.y);
    ImGui::Render();
    glViewport(0, 0, width_, height_);
    glClearColor(0.09f, 0.10f, 0.12f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  return ReadPixels(GL_COLOR_ATTACHMENT0, width_, height_);
}

bool WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba,
              std::string* error) {
  if (!stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4)) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  return true;
}

bool ReadPng(const std::string& path, int* width, int* height, std::vector<uint8_t>* rgba) {
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), width, height, &channels, 4);
  if (data == nullptr) return false;
  rgba->assign(data, data + static_cast<size_t>(*width) * *height * 4);
  stbi_image_free(data);
  return true;
}

}  // namespace kafkasim::viz
