// ServedCluster: a scenario's cluster with a gateway for real clients (model/wire/gateway.h),
// driven by what arrives at which simulated time: connections opening, bytes, connections
// closing, and lines typed at the console. `kafkasim serve` feeds it from sockets as the wall
// clock goes; `kafkasim run FILE --replay SESSION` feeds it from a recorded session. Both make the
// same calls in the same order, so a replay ends in the same state, with the same fingerprint.
//
// A session file (written with `serve --record`) is text, one call per line:
//
//   kafkasim-session 1
//   seed N                          (when the server was given --seed)
//   listener BROKER HOST PORT       (what Metadata advertised)
//   T_NS open CONNECTION BROKER
//   T_NS data CONNECTION HEX
//   T_NS closed CONNECTION
//   T_NS type LINE
//   T_NS step TEXT-FORMAT STEP      (an action taken in the view, on one line)
//   T_NS eof
//   T_NS end
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/wire/gateway.h"
#include "scenarios/console_session.h"

namespace kafkasim::app {

// The brokers a scenario's cluster will have, by id in order (the console's 101, 102 and 103 when
// the scenario names none): who gets which port.
std::vector<int32_t> ServedBrokers(const scenario::Scenario& scenario);

class ServedCluster {
 public:
  using Listeners = std::map<int32_t, kafka::wire::Gateway::Listener>;
  // Starts the scenario's cluster (its first two seconds run at once, as the console's do) and
  // adds the gateway. With `record`, every call from here on is written to it.
  ServedCluster(const scenario::Scenario& scenario, scenarios::RunOptions options,
                scenarios::ConsoleSession::Print print, Listeners listeners,
                std::ostream* record = nullptr);
  // Serves the cluster of a runner that someone else moves (the view of `view --serve`), begun
  // and at the time serving starts. Its window's actions come as steps (Apply), and console
  // lines as for the other. `seed` is the run's own if it was given one (for the session file).
  ServedCluster(scenarios::ScenarioRunner& runner, std::optional<uint64_t> seed,
                scenarios::ConsoleSession::Print print, Listeners listeners,
                std::ostream* record = nullptr);

  void SetOutlet(kafka::wire::Gateway::Outlet outlet) { gateway_->SetOutlet(std::move(outlet)); }

  // Runs the simulation up to `t` (nothing happens if it is already there).
  void AdvanceTo(sim::Time t);
  // Each of these happens now, at the current simulated time, and runs at once.
  void Open(uint64_t connection, int32_t broker);
  void Arrive(uint64_t connection, const std::string& bytes);
  void Closed(uint64_t connection);
  // A console line; false once it asks to quit.
  bool Type(const std::string& line);
  // A scenario step (a fault, a Kafka tool) applied now, as the view applies its user's actions.
  void Apply(const scenario::Step& step);
  void EndOfInput();
  // The session ends now. Returns what to tell the user: the time, the delivery checker's
  // verdict, the fingerprint, and (for a recorded session of `file`) how to replay it.
  std::vector<std::string> End(const std::string& file = "", const std::string& record_path = "");

  sim::World& world() { return runner_->world(); }
  kafka::Cluster& cluster() { return runner_->cluster(); }
  uint64_t fingerprint() { return world().trace().fingerprint(); }
  // The delivery checker's verdict on the history so far, real clients' writes and reads
  // included: "anomalies  none (...)", or the counts and the first few.
  std::vector<std::string> DeliveryReport();

  // Plays a recorded session on a cluster built from the same scenario; the seed and listeners
  // come from the file. Returns the error, as "LINE: what", if the file is not a session.
  static std::optional<std::string> Replay(std::istream& in, const scenario::Scenario& scenario,
                                           scenarios::RunOptions options,
                                           scenarios::ConsoleSession::Print print,
                                           std::unique_ptr<ServedCluster>* out);

 private:
  void Serve(std::optional<uint64_t> seed, Listeners listeners);
  void Now(const std::function<void()>& action);
  void Note(const std::string& what);

  std::unique_ptr<scenarios::ConsoleSession> session_;
  scenarios::ScenarioRunner* runner_;
  kafka::wire::Gateway* gateway_ = nullptr;
  std::ostream* record_;
};

}  // namespace kafkasim::app
