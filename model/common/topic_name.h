// Topic name rules (clients/.../common/internals/Topic.java) with Kafka's messages, in the wording
// of the release in use: before 3.4, or from 3.4 ("Topic name is invalid: ...").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kafka {

inline constexpr size_t kMaxTopicNameLength = 249;

// Why `name` is not a legal topic name, or nothing if it is.
std::optional<std::string> InvalidTopicNameReason(std::string_view name, bool messages_3_4);

// Two names collide when they are equal after '.' becomes '_' (metric names).
bool TopicNamesCollide(std::string_view a, std::string_view b);
// The existing names that `name` collides with (itself excluded), sorted.
std::vector<std::string> CollidingTopics(std::string_view name,
                                         const std::vector<std::string>& existing);
// '.' or '_' in a name earns kafka-topics' metric-name warning.
bool HasCollisionProneCharacter(std::string_view name);

bool IsInternalTopic(std::string_view name);  // __consumer_offsets, __transaction_state

}  // namespace kafka
