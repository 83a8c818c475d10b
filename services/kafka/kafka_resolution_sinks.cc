#include "services/kafka/kafka_resolution_sinks.h"

namespace claimwatch::kafka {

Result<> KafkaChangeSink::Publish(std::span<const resolution::KeyedChange> changes) {
  for (const auto& keyed : changes) {
    if (auto sent = writer_.Send(topic_, keyed.block, resolution::ChangeToJson(keyed.change));
        !sent.ok()) {
      return sent;
    }
  }
  return writer_.Flush(flush_timeout_);
}

Result<> KafkaIncidentSink::Publish(std::span<const resolution::IncidentChange> changes) {
  for (const auto& change : changes) {
    const Headers headers = {{kIncidentVersionHeader, std::to_string(change.version)}};
    // An empty string_view with no data is a message without a value: Kafka's tombstone.
    const std::string_view value =
        change.value.empty() ? std::string_view() : std::string_view(change.value);
    if (auto sent = writer_.Send(topic_, change.id, value, headers); !sent.ok()) return sent;
  }
  return writer_.Flush(flush_timeout_);
}

}  // namespace claimwatch::kafka
