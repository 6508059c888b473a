// See error_code.h.
#include "model/common/error_code.h"

namespace kafka {

std::string_view ErrorName(ErrorCode code, bool pre_2_7_names) {
  switch (code) {
    case ErrorCode::kNone:
      return "NONE";
    case ErrorCode::kOffsetOutOfRange:
      return "OFFSET_OUT_OF_RANGE";
    case ErrorCode::kCorruptMessage:
      return "CORRUPT_MESSAGE";
    case ErrorCode::kUnknownTopicOrPartition:
      return "UNKNOWN_TOPIC_OR_PARTITION";
    case ErrorCode::kLeaderNotAvailable:
      return "LEADER_NOT_AVAILABLE";
    case ErrorCode::kNotLeaderOrFollower:
      return pre_2_7_names ? "NOT_LEADER_FOR_PARTITION" : "NOT_LEADER_OR_FOLLOWER";
    case ErrorCode::kRequestTimedOut:
      return "REQUEST_TIMED_OUT";
    case ErrorCode::kBrokerNotAvailable:
      return "BROKER_NOT_AVAILABLE";
    case ErrorCode::kMessageTooLarge:
      return "MESSAGE_TOO_LARGE";
    case ErrorCode::kStaleControllerEpoch:
      return "STALE_CONTROLLER_EPOCH";
    case ErrorCode::kNetworkException:
      return "NETWORK_EXCEPTION";
    case ErrorCode::kCoordinatorLoadInProgress:
      return "COORDINATOR_LOAD_IN_PROGRESS";
    case ErrorCode::kCoordinatorNotAvailable:
      return "COORDINATOR_NOT_AVAILABLE";
    case ErrorCode::kNotCoordinator:
      return "NOT_COORDINATOR";
    case ErrorCode::kInvalidTopicException:
      return "INVALID_TOPIC_EXCEPTION";
    case ErrorCode::kNotEnoughReplicas:
      return "NOT_ENOUGH_REPLICAS";
    case ErrorCode::kNotEnoughReplicasAfterAppend:
      return "NOT_ENOUGH_REPLICAS_AFTER_APPEND";
    case ErrorCode::kInvalidRequiredAcks:
      return "INVALID_REQUIRED_ACKS";
    case ErrorCode::kIllegalGeneration:
      return "ILLEGAL_GENERATION";
    case ErrorCode::kInconsistentGroupProtocol:
      return "INCONSISTENT_GROUP_PROTOCOL";
    case ErrorCode::kUnknownMemberId:
      return "UNKNOWN_MEMBER_ID";
    case ErrorCode::kInvalidSessionTimeout:
      return "INVALID_SESSION_TIMEOUT";
    case ErrorCode::kRebalanceInProgress:
      return "REBALANCE_IN_PROGRESS";
    case ErrorCode::kTopicAlreadyExists:
      return "TOPIC_ALREADY_EXISTS";
    case ErrorCode::kInvalidPartitions:
      return "INVALID_PARTITIONS";
    case ErrorCode::kInvalidReplicationFactor:
      return "INVALID_REPLICATION_FACTOR";
    case ErrorCode::kInvalidReplicaAssignment:
      return "INVALID_REPLICA_ASSIGNMENT";
    case ErrorCode::kInvalidConfig:
      return "INVALID_CONFIG";
    case ErrorCode::kNotController:
      return "NOT_CONTROLLER";
    case ErrorCode::kOutOfOrderSequenceNumber:
      return "OUT_OF_ORDER_SEQUENCE_NUMBER";
    case ErrorCode::kDuplicateSequenceNumber:
      return "DUPLICATE_SEQUENCE_NUMBER";
    case ErrorCode::kInvalidProducerEpoch:
      return "INVALID_PRODUCER_EPOCH";
    case ErrorCode::kInvalidRequest:
      return "INVALID_REQUEST";
    case ErrorCode::kUnsupportedVersion:
      return "UNSUPPORTED_VERSION";
    case ErrorCode::kUnsupportedCompressionType:
      return "UNSUPPORTED_COMPRESSION_TYPE";
    case ErrorCode::kInvalidTxnState:
      return "INVALID_TXN_STATE";
    case ErrorCode::kInvalidProducerIdMapping:
      return "INVALID_PRODUCER_ID_MAPPING";
    case ErrorCode::kInvalidTransactionTimeout:
      return "INVALID_TRANSACTION_TIMEOUT";
    case ErrorCode::kConcurrentTransactions:
      return "CONCURRENT_TRANSACTIONS";
    case ErrorCode::kTransactionCoordinatorFenced:
      return "TRANSACTION_COORDINATOR_FENCED";
    case ErrorCode::kInvalidRecord:
      return "INVALID_RECORD";
    case ErrorCode::kUnstableOffsetCommit:
      return "UNSTABLE_OFFSET_COMMIT";
    case ErrorCode::kKafkaStorageError:
      return "KAFKA_STORAGE_ERROR";
    case ErrorCode::kUnknownProducerId:
      return "UNKNOWN_PRODUCER_ID";
    case ErrorCode::kTopicDeletionDisabled:
      return "TOPIC_DELETION_DISABLED";
    case ErrorCode::kFencedLeaderEpoch:
      return "FENCED_LEADER_EPOCH";
    case ErrorCode::kUnknownLeaderEpoch:
      return "UNKNOWN_LEADER_EPOCH";
    case ErrorCode::kStaleBrokerEpoch:
      return "STALE_BROKER_EPOCH";
    case ErrorCode::kMemberIdRequired:
      return "MEMBER_ID_REQUIRED";
    case ErrorCode::kProducerFenced:
      return "PRODUCER_FENCED";
    case ErrorCode::kInvalidUpdateVersion:
      return "INVALID_UPDATE_VERSION";
  }
  return "UNKNOWN_SERVER_ERROR";
}

}  // namespace kafka
