#include "services/kafka/kafka_dead_letter_sink.h"

namespace claimwatch::kafka {

Result<> KafkaDeadLetterSink::Write(std::span<const records::DeadLetter> letters) {
  for (const auto& letter : letters) {
    const Headers headers = {
        {"claimwatch.error.reason", std::string(letter.reason)},
        {"claimwatch.error.message", std::string(letter.message)},
        {"claimwatch.source.topic", std::string(letter.record.topic)},
        {"claimwatch.source.partition", std::to_string(letter.record.partition)},
        {"claimwatch.source.offset", std::to_string(letter.record.offset)},
    };
    if (auto sent = writer_.Send(topic_, letter.record.key, letter.record.payload, headers);
        !sent.ok()) {
      return sent;
    }
  }
  return writer_.Flush(flush_timeout_);
}

}  // namespace claimwatch::kafka
