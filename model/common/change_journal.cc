// See change_journal.h.
#include "model/common/change_journal.h"

#include <algorithm>

namespace kafka {

uint32_t ChangeJournal::Intern(const TopicPartition& tp) {
  const auto [it, inserted] = ids_.try_emplace(tp, static_cast<uint32_t>(names_.size()));
  if (inserted) {
    names_.push_back(tp);
    holders_.emplace_back();
    touched_flag_.push_back(0);
  }
  return it->second;
}

void ChangeJournal::Touch(uint32_t id) {
  if (touched_flag_[id] != 0) return;
  touched_flag_[id] = 1;
  touched_.push_back(id);
}

void ChangeJournal::TouchAll() {
  all_touched_ = true;
  ++generation_;
}

namespace {
auto FindHolder(std::vector<ChangeJournal::Holder>& holders, int32_t broker) {
  return std::lower_bound(holders.begin(), holders.end(), broker,
                          [](const ChangeJournal::Holder& h, int32_t b) { return h.broker < b; });
}
}  // namespace

void ChangeJournal::AddReplica(uint32_t id, int32_t broker, const Partition* replica) {
  std::vector<Holder>& holders = holders_[id];
  const auto at = FindHolder(holders, broker);
  if (at != holders.end() && at->broker == broker) {
    at->replica = replica;
  } else {
    holders.insert(at, {broker, replica});
  }
  Touch(id);
}

void ChangeJournal::RemoveReplica(uint32_t id, int32_t broker, const Partition* replica) {
  std::vector<Holder>& holders = holders_[id];
  const auto at = FindHolder(holders, broker);
  if (at != holders.end() && *at == Holder{broker, replica}) holders.erase(at);
  Touch(id);
}

std::vector<uint32_t> ChangeJournal::TakeTouched() {
  std::vector<uint32_t> out;
  if (all_touched_) {
    out.reserve(ids_.size());
    for (const auto& [tp, id] : ids_) out.push_back(id);  // already in TopicPartition order
  } else {
    out = touched_;
    std::sort(out.begin(), out.end(),
              [this](uint32_t a, uint32_t b) { return names_[a] < names_[b]; });
  }
  for (const uint32_t id : touched_) touched_flag_[id] = 0;
  touched_.clear();
  all_touched_ = false;
  return out;
}

void ChangeJournal::NoteCommittedRead(uint32_t id, int32_t broker, Offset end) {
  Offset& highest = committed_reads_.try_emplace({id, broker}, end).first->second;
  highest = std::max(highest, end);
}

std::vector<ChangeJournal::CommittedRead> ChangeJournal::TakeCommittedReads() {
  std::vector<CommittedRead> out;
  out.reserve(committed_reads_.size());
  for (const auto& [key, end] : committed_reads_) out.push_back({key.first, key.second, end});
  committed_reads_.clear();
  return out;
}

void ChangeJournal::NoteTransaction(int32_t broker, const std::string& transactional_id,
                                    bool loaded) {
  bool& any_load = transactions_.try_emplace({broker, transactional_id}, loaded).first->second;
  any_load = any_load || loaded;
}

std::vector<ChangeJournal::TransactionNote> ChangeJournal::TakeTransactions() {
  std::vector<TransactionNote> out;
  out.reserve(transactions_.size());
  for (auto& [key, loaded] : transactions_) out.push_back({key.first, key.second, loaded});
  transactions_.clear();
  return out;
}

}  // namespace kafka
