// ZkCalls: how a broker talks to ZooKeeper (KafkaZkClient's retryRequestsUntilConnected). A call
// that fails with ConnectionLoss is issued again (the client sends it once it has reconnected), so
// callers see only real answers: success, NoNode, BadVersion, ... A call that fails with
// SessionExpired is dropped: the broker's session-expiry handler starts over (a new session,
// registration, election), and a caller reacting to it could only spin on the dead handle. Answers
// that arrive after Invalidate() (the broker crashed, or its controller resigned) are dropped.
//
// ZooKeeper answers calls in the order they were made, so Gather (many reads, one continuation)
// needs no counting beyond collecting the answers.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "model/zk/client.h"

namespace kafka {

class ZkCalls {
 public:
  using Call = std::function<void(zk::ZkClient::Done)>;
  using Then = std::function<void(std::vector<zk::ZkResult>)>;

  explicit ZkCalls(zk::ZkClient& client) : client_(client) {}

  zk::ZkClient& client() { return client_; }
  // Drops every answer still to come.
  void Invalidate() { token_ = std::make_shared<int>(0); }

  void Do(Call call, zk::ZkClient::Done done) {
    std::weak_ptr<int> token = token_;
    auto retry = std::make_shared<Call>(call);
    Issue(std::move(token), std::move(retry), std::move(done));
  }

  // Runs every call, then `then` with their answers in order (at once if there are none).
  void Gather(std::vector<Call> calls, Then then) {
    if (calls.empty()) {
      then({});
      return;
    }
    auto results = std::make_shared<std::vector<zk::ZkResult>>(calls.size());
    auto remaining = std::make_shared<size_t>(calls.size());
    auto shared_then = std::make_shared<Then>(std::move(then));
    for (size_t i = 0; i < calls.size(); ++i) {
      Do(calls[i], [results, remaining, shared_then, i](const zk::ZkResult& r) {
        (*results)[i] = r;
        if (--*remaining == 0) (*shared_then)(std::move(*results));
      });
    }
  }

 private:
  void Issue(std::weak_ptr<int> token, std::shared_ptr<Call> call, zk::ZkClient::Done done) {
    (*call)([this, token, call, done = std::move(done)](const zk::ZkResult& r) {
      if (token.expired() || r.code == zk::Code::kSessionExpired) return;
      if (r.code == zk::Code::kConnectionLoss) {
        Issue(token, call, done);
        return;
      }
      done(r);
    });
  }

  zk::ZkClient& client_;
  std::shared_ptr<int> token_ = std::make_shared<int>(0);
};

}  // namespace kafka
