#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "librdkafka/rdkafkacpp.h"
#include "services/kafka/kafka_config.h"
#include "services/result/result.h"

namespace claimwatch::kafka {

// The parts of librdkafka's statistics JSON (statistics.interval.ms) that operators watch.
struct BrokerStats {
  std::string name{};      // "127.0.0.1:9092/1"
  bool up = false;         // state "UP"
  double rtt_seconds = 0;  // average request round trip over the last interval
};

struct ClientStats {
  std::string client{};         // "rdkafka#consumer-1"
  std::string type{};           // "consumer" or "producer"
  int64_t queued_messages = 0;  // msg_cnt: messages waiting in the client's queues
  int64_t queued_replies = 0;   // replyq: callbacks waiting to be served
  std::vector<BrokerStats> brokers{};
};

// Parses one statistics document; fails with InvalidInput naming the field.
[[nodiscard]] Result<ClientStats> ParseClientStats(std::string_view json);

// Called with each statistics document a client emits (on the thread that polls the client).
using StatsHandler = std::function<void(const ClientStats&)>;

// A client's event callback: statistics go to `handler`; log and error events, which an event
// callback takes over from librdkafka's own stderr logging, are written to stderr unchanged.
class ClientEvents : public RdKafka::EventCb {
 public:
  explicit ClientEvents(StatsHandler handler) : handler_(std::move(handler)) {}
  void event_cb(RdKafka::Event& event) override;

 private:
  StatsHandler handler_;
};

// With a handler: installs `events` on `conf` and turns statistics on (every 15 s unless the
// config sets statistics.interval.ms). Without one: does nothing.
void AttachStats(const StatsHandler& handler, Properties& properties,
                 std::unique_ptr<ClientEvents>& events);
[[nodiscard]] Result<> InstallEvents(RdKafka::Conf& conf, ClientEvents* events);

}  // namespace claimwatch::kafka
