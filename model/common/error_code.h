// Kafka's protocol error codes (org.apache.kafka.common.protocol.Errors), with their numbers and
// names. Names follow the version in use: NOT_LEADER_OR_FOLLOWER was NOT_LEADER_FOR_PARTITION
// before 2.7 (see VersionProfile).
#pragma once

#include <cstdint>
#include <string_view>

namespace kafka {

enum class ErrorCode : int16_t {
  kNone = 0,
  kOffsetOutOfRange = 1,
  kCorruptMessage = 2,
  kUnknownTopicOrPartition = 3,
  kLeaderNotAvailable = 5,
  kNotLeaderOrFollower = 6,
  kRequestTimedOut = 7,
  kBrokerNotAvailable = 8,
  kMessageTooLarge = 10,
  kStaleControllerEpoch = 11,
  kNetworkException = 13,
  kCoordinatorLoadInProgress = 14,
  kCoordinatorNotAvailable = 15,
  kNotCoordinator = 16,
  kInvalidTopicException = 17,
  kNotEnoughReplicas = 19,
  kNotEnoughReplicasAfterAppend = 20,
  kInvalidRequiredAcks = 21,
  kIllegalGeneration = 22,
  kInconsistentGroupProtocol = 23,
  kUnknownMemberId = 25,
  kInvalidSessionTimeout = 26,
  kRebalanceInProgress = 27,
  kUnsupportedVersion = 35,
  kTopicAlreadyExists = 36,
  kInvalidPartitions = 37,
  kInvalidReplicationFactor = 38,
  kInvalidReplicaAssignment = 39,
  kInvalidConfig = 40,
  kNotController = 41,
  kInvalidRequest = 42,
  kOutOfOrderSequenceNumber = 45,
  kDuplicateSequenceNumber = 46,
  kInvalidProducerEpoch = 47,
  kInvalidTxnState = 48,
  kInvalidProducerIdMapping = 49,
  kInvalidTransactionTimeout = 50,
  kConcurrentTransactions = 51,
  kTransactionCoordinatorFenced = 52,
  kKafkaStorageError = 56,
  kUnknownProducerId = 59,
  kTopicDeletionDisabled = 73,
  kFencedLeaderEpoch = 74,
  kUnknownLeaderEpoch = 75,
  kUnsupportedCompressionType = 76,
  kStaleBrokerEpoch = 77,
  kMemberIdRequired = 79,
  kInvalidRecord = 87,
  kUnstableOffsetCommit = 88,
  kProducerFenced = 90,
  kInvalidUpdateVersion = 95,
};

// The constant's name, e.g. "NOT_ENOUGH_REPLICAS". `pre_2_7_names` gives the names of code 6
// before KIP-580 renamed it (NOT_LEADER_FOR_PARTITION).
std::string_view ErrorName(ErrorCode code, bool pre_2_7_names = false);

}  // namespace kafka
