// The profiles' values, from kafka.md (defaults table and the history notes beside each rule).
#include "model/common/version_profile.h"

#include <array>
#include <limits>

namespace kafka {
namespace {

constexpr int32_t kMaxInt = std::numeric_limits<int32_t>::max();

constexpr std::array<VersionProfile, 6> kProfiles = {{
    {"0.10.2", TruncationRule::kToHighWatermark,
     false,    IsrPropagation::kZkNotification,
     true,     false,
     true,     10000,
     6000,     "1",
     false,    0,
     false,    NullKeyPartitioner::kRoundRobin,
     10000,    false,
     1440,     false,
     false,    false,
     false,    false,
     false,    false},
    {"0.11", TruncationRule::kLeaderEpoch,
     false,  IsrPropagation::kZkNotification,
     true,   false,
     false,  10000,
     6000,   "1",
     false,  0,
     false,  NullKeyPartitioner::kRoundRobin,
     10000,  false,
     1440,   false,
     false,  false,
     true,   false,
     false,  false},
    {"2.0", TruncationRule::kLeaderEpochIterative,
     false, IsrPropagation::kZkNotification,
     true,  false,
     false, 10000,
     6000,  "1",
     false, 0,
     false, NullKeyPartitioner::kRoundRobin,
     10000, false,
     10080, false,
     false, false,
     true,  false,
     false, false},
    {"2.4", TruncationRule::kLeaderEpochIterative,
     true,  IsrPropagation::kZkNotification,
     true,  false,
     false, 10000,
     6000,  "1",
     false, kMaxInt,
     true,  NullKeyPartitioner::kSticky,
     10000, false,
     10080, true,
     true,  true,
     true,  false,
     false, false},
    {"2.8", TruncationRule::kLeaderEpochIterative,
     true,  IsrPropagation::kAlterIsr,
     false, false,
     false, 30000,
     18000, "1",
     false, kMaxInt,
     true,  NullKeyPartitioner::kSticky,
     10000, false,
     10080, true,
     true,  true,
     true,  true,
     false, false},
    {"3.6", TruncationRule::kLeaderEpochIterative,
     true,  IsrPropagation::kAlterIsr,
     false, true,
     false, 30000,
     18000, "all",
     true,  kMaxInt,
     true,  NullKeyPartitioner::kUniformSticky,
     45000, true,
     10080, true,
     true,  true,
     true,  true,
     true,  true},
}};

}  // namespace

const VersionProfile* FindVersionProfile(std::string_view name) {
  for (const VersionProfile& p : kProfiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::vector<std::string_view> VersionProfileNames() {
  std::vector<std::string_view> names;
  for (const VersionProfile& p : kProfiles) names.push_back(p.name);
  return names;
}

const VersionProfile& DefaultVersionProfile() { return kProfiles[4]; }  // 2.8

}  // namespace kafka
