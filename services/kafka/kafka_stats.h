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

// BuildConf, and with a handler also: statistics on (every 15 s unless the properties set
// statistics.interval.ms) and `events` created and installed. `events` must outlive the client.
[[nodiscard]] Result<std::unique_ptr<RdKafka::Conf>> BuildConfWithStats(
    Properties properties, const StatsHandler& handler, std::unique_ptr<ClientEvents>& events);

}  // namespace claimwatch::kafka
