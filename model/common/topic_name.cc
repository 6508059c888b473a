// See topic_name.h.
#include "model/common/topic_name.h"

#include <algorithm>

namespace kafka {

std::optional<std::string> InvalidTopicNameReason(std::string_view name, bool messages_3_4) {
  const std::string n(name);
  if (name.empty()) {
    return messages_3_4 ? "Topic name is invalid: the empty string is not allowed"
                        : "Topic name is illegal, it can't be empty";
  }
  if (name == "." || name == "..") {
    return messages_3_4 ? "Topic name is invalid: '" + n + "' is not allowed"
                        : std::string("Topic name cannot be \".\" or \"..\"");
  }
  if (name.size() > kMaxTopicNameLength) {
    return messages_3_4 ? "Topic name is invalid: the length of '" + n +
                              "' is longer than the max allowed length 249"
                        : "Topic name is illegal, it can't be longer than 249 characters, topic "
                          "name: " +
                              n;
  }
  const bool legal = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
  if (!legal) {
    return messages_3_4 ? "Topic name is invalid: '" + n +
                              "' contains one or more characters other than ASCII alphanumerics, "
                              "'.', '_' and '-'"
                        : "Topic name \"" + n +
                              "\" is illegal, it contains a character other than ASCII "
                              "alphanumerics, '.', '_' and '-'";
  }
  return std::nullopt;
}

namespace {
std::string Unified(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '.', '_');
  return out;
}
}  // namespace

bool TopicNamesCollide(std::string_view a, std::string_view b) { return Unified(a) == Unified(b); }

std::vector<std::string> CollidingTopics(std::string_view name,
                                         const std::vector<std::string>& existing) {
  std::vector<std::string> out;
  for (const std::string& e : existing) {
    if (e != name && TopicNamesCollide(e, name)) out.push_back(e);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool HasCollisionProneCharacter(std::string_view name) {
  return name.find('.') != std::string_view::npos || name.find('_') != std::string_view::npos;
}

bool IsInternalTopic(std::string_view name) {
  return name == "__consumer_offsets" || name == "__transaction_state";
}

}  // namespace kafka
