// `kafkasim view FILE --serve`: the served cluster of `kafkasim serve`, in the view's window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "scenarios/scenario.pb.h"

namespace kafkasim::app {

struct ViewServeOptions {
  std::string file;
  std::optional<uint64_t> seed;
  std::string listen = "127.0.0.1";
  int port = 9092;
  double speed = 1.0;
  std::string record_path;
  std::string screenshot;  // the last frame, written when serving stops
  int width = 1600, height = 1000;
  int frames = 0;         // close after this many frames (tests); 0: when the window is closed
  bool no_input = false;  // do not read console commands from standard input
};

// Serves until the window closes or the process is interrupted; the exit code.
int ServeInView(const ViewServeOptions& options, const scenario::Scenario& scenario);

}  // namespace kafkasim::app
