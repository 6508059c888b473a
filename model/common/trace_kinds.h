// The trace event kinds of Kafka's brokers and controller: what the narrated timeline, the view and
// the checkers read. Each is a compile-time constant (sim::Kind hashes its name once).
#pragma once

#include "sim/trace.h"

namespace kafka::kinds {

// A broker's own life and its replicas.
inline constexpr sim::Kind kBrokerAppend{"broker.append"};
inline constexpr sim::Kind kBrokerBecomeFollower{"broker.become_follower"};
inline constexpr sim::Kind kBrokerBecomeLeader{"broker.become_leader"};
inline constexpr sim::Kind kBrokerControlledShutdownFailed{"broker.controlled_shutdown_failed"};
inline constexpr sim::Kind kBrokerControlledShutdownSucceeded{
    "broker.controlled_shutdown_succeeded"};
inline constexpr sim::Kind kBrokerIsrChangeProposed{"broker.isr_change_proposed"};
inline constexpr sim::Kind kBrokerIsrWriteRefused{"broker.isr_write_refused"};
// Before 2.7 the leader writes an ISR change to ZooKeeper itself (no AlterIsr).
inline constexpr sim::Kind kBrokerIsrWritten{"broker.isr_written"};
inline constexpr sim::Kind kBrokerRegistered{"broker.registered"};
// A follower appended a batch it fetched from its leader: {partition, base_offset, records}.
inline constexpr sim::Kind kBrokerReplicate{"broker.replicate"};
inline constexpr sim::Kind kBrokerRegistrationConflict{"broker.registration_conflict"};
inline constexpr sim::Kind kBrokerRetention{"broker.retention"};
inline constexpr sim::Kind kBrokerShutdownStarted{"broker.shutdown_started"};
inline constexpr sim::Kind kBrokerStart{"broker.start"};
inline constexpr sim::Kind kBrokerTruncate{"broker.truncate"};
inline constexpr sim::Kind kBrokerZkSessionExpired{"broker.zk_session_expired"};

// The controller.
inline constexpr sim::Kind kControllerBrokerChange{"controller.broker_change"};
inline constexpr sim::Kind kControllerBrokerFailure{"controller.broker_failure"};
inline constexpr sim::Kind kControllerBrokerStartup{"controller.broker_startup"};
inline constexpr sim::Kind kControllerControlledShutdown{"controller.controlled_shutdown"};
inline constexpr sim::Kind kControllerElected{"controller.elected"};
inline constexpr sim::Kind kControllerFenced{"controller.fenced"};
inline constexpr sim::Kind kControllerIsrChanged{"controller.isr_changed"};
inline constexpr sim::Kind kControllerLeaderElected{"controller.leader_elected"};
inline constexpr sim::Kind kControllerNoLeader{"controller.no_leader"};
inline constexpr sim::Kind kControllerPartitionCreated{"controller.partition_created"};
inline constexpr sim::Kind kControllerReplicaOffline{"controller.replica_offline"};
inline constexpr sim::Kind kControllerResign{"controller.resign"};
inline constexpr sim::Kind kControllerTopicCreated{"controller.topic_created"};
inline constexpr sim::Kind kControllerTopicDeleted{"controller.topic_deleted"};
inline constexpr sim::Kind kControllerTopicDeletionStarted{"controller.topic_deletion_started"};
inline constexpr sim::Kind kControllerTopicDeletionWaits{"controller.topic_deletion_waits"};
inline constexpr sim::Kind kControllerWriteFailed{"controller.write_failed"};

// Consumer groups (the coordinator).
inline constexpr sim::Kind kCoordinatorLoaded{"coordinator.loaded"};
inline constexpr sim::Kind kCoordinatorUnavailable{"coordinator.unavailable"};
inline constexpr sim::Kind kGroupState{"group.state"};
inline constexpr sim::Kind kGroupRebalance{"group.rebalance"};
inline constexpr sim::Kind kGroupMemberJoined{"group.member_joined"};
inline constexpr sim::Kind kGroupMemberRemoved{"group.member_removed"};
inline constexpr sim::Kind kGroupOffsetsCommitted{"group.offsets_committed"};

// Consumers.
// A producer gave up on a batch: {partition, error, records, outcome: failed|unknown}.
inline constexpr sim::Kind kProducerSendFailed{"producer.send_failed"};
// A client took in a Metadata response: {from, brokers, leaders ("topic: 101 102 -1; ...")}.
inline constexpr sim::Kind kClientMetadata{"client.metadata"};
inline constexpr sim::Kind kConsumerLeaveGroup{"consumer.leave_group"};
inline constexpr sim::Kind kConsumerNoOffset{"consumer.no_offset"};
// A fetch position past the leader's log end (or before its start): auto.offset.reset moves it.
inline constexpr sim::Kind kConsumerOffsetOutOfRange{"consumer.offset_out_of_range"};
// KIP-320: the leader's log ends, for the epoch of the last record read, before the position.
inline constexpr sim::Kind kConsumerTruncationDetected{"consumer.truncation_detected"};

// Transactions (the transaction coordinator, and the producer's side).
// A transactional id's metadata was written: {transactional_id, state, producer_id, epoch}.
inline constexpr sim::Kind kTxnState{"txn.state"};
// A coordinator took a __transaction_state partition over: {partition, transactions}.
inline constexpr sim::Kind kTxnLoaded{"txn.loaded"};
// Every partition of a transaction has its marker: {transactional_id, result, partitions}.
inline constexpr sim::Kind kTxnMarkersWritten{"txn.markers_written"};
// An Ongoing transaction outlived transaction.timeout.ms and is being aborted.
inline constexpr sim::Kind kTxnTimedOut{"txn.timed_out"};
// A producer instance's open transaction was aborted because a new one took its id.
inline constexpr sim::Kind kTxnFenced{"txn.fenced"};
// KIP-890 part 1: a partition leader refused a transactional produce the coordinator would not
// vouch for: {partition, producer_id, epoch, error}.
inline constexpr sim::Kind kTxnProduceUnverified{"txn.produce_unverified"};
// A transactional producer's own steps: {transactional_id, step, error}.
inline constexpr sim::Kind kProducerTxn{"producer.txn"};

// Idempotent producers.
inline constexpr sim::Kind kProducerIdBlock{"broker.producer_id_block"};

}  // namespace kafka::kinds
