#include "services/kafka/kafka_alert_sink.h"

#include "simdjson.h"

namespace claimwatch::kafka {

Result<> KafkaAlertSink::Publish(std::span<const std::string> alerts) {
  simdjson::ondemand::parser parser;
  for (const auto& alert : alerts) {
    simdjson::padded_string padded(alert);
    auto document = parser.iterate(padded);
    std::string_view id;
    int64_t version = 0;
    if (document["alert_id"].get_string().get(id) != simdjson::SUCCESS) {
      return InvalidInput("alert: alert_id missing or not a string");
    }
    const std::string key(id);
    if (document["version"].get_int64().get(version) != simdjson::SUCCESS) {
      return InvalidInput(StrCat("alert ", key, ": version missing or not an integer"));
    }
    if (auto sent =
            writer_.Send(topic_, key, alert, {{kAlertVersionHeader, std::to_string(version)}});
        !sent.ok()) {
      return sent;
    }
  }
  return writer_.Flush(flush_timeout_);
}

}  // namespace claimwatch::kafka
