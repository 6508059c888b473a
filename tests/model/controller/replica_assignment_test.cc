// Replica assignment against worked examples derived by hand from AdminUtils' algorithm.
#include "model/controller/replica_assignment.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

using Replicas = std::map<int32_t, std::vector<int32_t>>;

std::vector<BrokerPlacement> Brokers(std::vector<int32_t> ids) {
  std::vector<BrokerPlacement> out;
  for (int32_t id : ids) out.push_back({id, std::nullopt});
  return out;
}

AssignmentResult Fixed(std::vector<BrokerPlacement> brokers, int32_t partitions, int32_t rf,
                       int32_t start) {
  sim::Rng rng(1);
  return AssignReplicas(std::move(brokers), {partitions, rf, start, std::nullopt, 0}, rng);
}

TEST(ReplicaAssignment, ThreeBrokersSixPartitions) {
  const AssignmentResult r = Fixed(Brokers({3, 1, 2}), 6, 3, 0);  // brokers are sorted by id
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.replicas, (Replicas{{0, {1, 2, 3}},
                                  {1, {2, 3, 1}},
                                  {2, {3, 1, 2}},
                                  {3, {1, 3, 2}},
                                  {4, {2, 1, 3}},
                                  {5, {3, 2, 1}}}));
}

// The layout in AdminUtils' own comment: 5 brokers, 10 partitions, RF 3, start 0. The second
// replica shifts by one more every time the first replicas have gone round all brokers.
TEST(ReplicaAssignment, FiveBrokersTenPartitions) {
  const AssignmentResult r = Fixed(Brokers({0, 1, 2, 3, 4}), 10, 3, 0);
  EXPECT_EQ(r.replicas, (Replicas{{0, {0, 1, 2}},
                                  {1, {1, 2, 3}},
                                  {2, {2, 3, 4}},
                                  {3, {3, 4, 0}},
                                  {4, {4, 0, 1}},
                                  {5, {0, 2, 3}},
                                  {6, {1, 3, 4}},
                                  {7, {2, 4, 0}},
                                  {8, {3, 0, 1}},
                                  {9, {4, 1, 2}}}));
}

TEST(ReplicaAssignment, StartIndexRotatesTheFirstReplica) {
  const AssignmentResult r = Fixed(Brokers({101, 102, 103}), 3, 2, 1);
  EXPECT_EQ(r.replicas, (Replicas{{0, {102, 101}}, {1, {103, 102}}, {2, {101, 103}}}));
  EXPECT_EQ(r.shift, 1);  // a fixed start index fixes the shift too
}

TEST(ReplicaAssignment, EveryBrokerLeadsAndFollowsEvenly) {
  const AssignmentResult r = Fixed(Brokers({1, 2, 3, 4}), 12, 3, 2);
  std::map<int32_t, int> leaders, replicas;
  for (const auto& [p, rs] : r.replicas) {
    ++leaders[rs[0]];
    for (int32_t b : rs) ++replicas[b];
    EXPECT_EQ(std::set<int32_t>(rs.begin(), rs.end()).size(), rs.size()) << "partition " << p;
  }
  for (int32_t b : {1, 2, 3, 4}) {
    EXPECT_EQ(leaders[b], 3);
    EXPECT_EQ(replicas[b], 9);
  }
}

TEST(ReplicaAssignment, RackAwareAlternatesRacks) {
  // AdminUtils' comment: racks rack1 {0,5}, rack2 {3,4}, rack3 {1,2} alternate as 0,3,1,5,4,2.
  std::vector<BrokerPlacement> brokers = {{0, "rack1"}, {1, "rack3"}, {2, "rack3"},
                                          {3, "rack2"}, {4, "rack2"}, {5, "rack1"}};
  const AssignmentResult r = Fixed(brokers, 6, 3, 0);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.rack_aware);
  EXPECT_EQ(r.broker_order, (std::vector<int32_t>{0, 3, 1, 5, 4, 2}));
  EXPECT_EQ(r.replicas.at(0), (std::vector<int32_t>{0, 3, 1}));
  EXPECT_EQ(r.replicas.at(1), (std::vector<int32_t>{3, 1, 5}));
  EXPECT_EQ(r.replicas.at(2), (std::vector<int32_t>{1, 5, 4}));
  std::map<int32_t, std::string> rack = {{0, "rack1"}, {1, "rack3"}, {2, "rack3"},
                                         {3, "rack2"}, {4, "rack2"}, {5, "rack1"}};
  for (const auto& [p, rs] : r.replicas) {
    std::set<std::string> racks;
    for (int32_t b : rs) racks.insert(rack[b]);
    EXPECT_EQ(racks.size(), 3u) << "partition " << p << " has two replicas in one rack";
  }
}

TEST(ReplicaAssignment, KafkasErrors) {
  sim::Rng rng(1);
  EXPECT_EQ(AssignReplicas(Brokers({1}), {3, 3, 0, std::nullopt, 0}, rng).error,
            "Replication factor: 3 larger than available brokers: 1.");
  EXPECT_EQ(AssignReplicas(Brokers({1}), {0, 1, 0, std::nullopt, 0}, rng).error,
            "Number of partitions must be larger than 0.");
  EXPECT_EQ(AssignReplicas(Brokers({1}), {1, 0, 0, std::nullopt, 0}, rng).error,
            "Replication factor must be larger than 0.");
  EXPECT_EQ(AssignReplicas({{1, "a"}, {2, std::nullopt}}, {1, 1, 0, std::nullopt, 0}, rng).error,
            "Not all brokers have rack information for replica rack aware assignment.");
}

TEST(ReplicaAssignment, RandomStartAndShiftComeFromTheSeed) {
  sim::Rng a(7), b(7);
  const auto brokers = Brokers({101, 102, 103, 104, 105});
  const AssignmentRequest request{8, 3, std::nullopt, std::nullopt, 0};
  const AssignmentResult ra = AssignReplicas(brokers, request, a);
  EXPECT_EQ(ra.replicas, AssignReplicas(brokers, request, b).replicas);
  bool differs = false;
  for (uint64_t seed = 8; seed < 20 && !differs; ++seed) {
    sim::Rng other(seed);
    differs = AssignReplicas(brokers, request, other).replicas != ra.replicas;
  }
  EXPECT_TRUE(differs);
}

TEST(ReplicaAssignment, AddingPartitionsContinuesThePattern) {
  sim::Rng rng(1);
  const AssignmentResult r =
      AssignReplicas(Brokers({1, 2, 3}), {3, 3, 0, std::nullopt, 3}, rng);  // partitions 3..5
  EXPECT_EQ(r.replicas, (Replicas{{3, {1, 3, 2}}, {4, {2, 1, 3}}, {5, {3, 2, 1}}}));
}

}  // namespace
}  // namespace kafka
