#pragma once

#include <chrono>
#include <string>

#include "services/alerting/alert_sink.h"
#include "services/kafka/kafka_writer.h"

namespace claimwatch::kafka {

// Alert changes to the `alerts` topic: key = alert_id, value = alert.v1 JSON, header
// claimwatch.alert.version. Compacted, the topic holds each alert's latest version; a consumer
// that sees an alert twice keeps the higher version. Publish returns once all are acknowledged.
// Not thread-safe.
class KafkaAlertSink : public alerting::AlertSink {
 public:
  KafkaAlertSink(KafkaWriter& writer, std::string topic,
                 std::chrono::milliseconds flush_timeout = std::chrono::seconds(30))
      : writer_(writer), topic_(std::move(topic)), flush_timeout_(flush_timeout) {}
  [[nodiscard]] Result<> Publish(std::span<const std::string> alerts) override;

 private:
  KafkaWriter& writer_;
  std::string topic_;
  std::chrono::milliseconds flush_timeout_;
};

inline constexpr char kAlertVersionHeader[] = "claimwatch.alert.version";

}  // namespace claimwatch::kafka
