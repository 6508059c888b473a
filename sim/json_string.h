// JSON string escaping, shared by the trace's JSON Lines sink and the model's JSON values.
#pragma once

#include <string>
#include <string_view>

namespace sim {

// Appends `s` to `out` as a JSON string literal, quotes included.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace sim
