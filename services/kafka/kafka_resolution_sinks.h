#pragma once

#include <chrono>
#include <string>

#include "services/kafka/kafka_writer.h"
#include "services/resolution/change_sink.h"
#include "services/resolution/resolve_pipeline.h"

namespace claimwatch::kafka {

// Normalised claims to `claims.normalized` as claim_change.v1, keyed by location block so that
// every claim about one place lands in one partition. Publish returns once all are acknowledged.
// Not thread-safe.
class KafkaChangeSink : public resolution::ChangeSink {
 public:
  KafkaChangeSink(KafkaWriter& writer, std::string topic,
                  std::chrono::milliseconds flush_timeout = std::chrono::seconds(30))
      : writer_(writer), topic_(std::move(topic)), flush_timeout_(flush_timeout) {}
  [[nodiscard]] Result<> Publish(std::span<const resolution::KeyedChange> changes) override;

 private:
  KafkaWriter& writer_;
  std::string topic_;
  std::chrono::milliseconds flush_timeout_;
};

// Incident changes to the compacted `incidents` topic: key = incident id, value = incident.v1
// JSON, or no value (a tombstone) for an incident merged away; header claimwatch.incident.version
// carries the version either way. Not thread-safe.
class KafkaIncidentSink : public resolution::IncidentSink {
 public:
  KafkaIncidentSink(KafkaWriter& writer, std::string topic,
                    std::chrono::milliseconds flush_timeout = std::chrono::seconds(30))
      : writer_(writer), topic_(std::move(topic)), flush_timeout_(flush_timeout) {}
  [[nodiscard]] Result<> Publish(std::span<const resolution::IncidentChange> changes) override;

 private:
  KafkaWriter& writer_;
  std::string topic_;
  std::chrono::milliseconds flush_timeout_;
};

inline constexpr char kIncidentVersionHeader[] = "claimwatch.incident.version";

}  // namespace claimwatch::kafka
