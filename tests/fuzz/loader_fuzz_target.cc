// Fuzz target for the scenario loader: any bytes in, a scenario or errors out, never a crash.
// Built with libFuzzer by `make fuzz` (clang, -fsanitize=fuzzer,address); the test suite drives it
// with loader_fuzz_smoke.cc, a seeded mutator over the scenario library.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scenarios/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const kafkasim::scenarios::Loaded loaded =
      kafkasim::scenarios::LoadScenarioText(text, "fuzz.textproto");
  // Either a scenario or at least one error, each with a place.
  if (!loaded.ok() && loaded.errors.empty()) __builtin_trap();
  for (const auto& e : loaded.errors) {
    if (e.ToString().empty()) __builtin_trap();
  }
  return 0;
}
