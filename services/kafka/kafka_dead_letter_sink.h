#pragma once

#include <chrono>
#include <string>

#include "services/kafka/kafka_writer.h"
#include "services/records/record_io.h"

namespace claimwatch::kafka {

// Dead letters to a Kafka topic: the original key and bytes, with headers
// claimwatch.error.reason, claimwatch.error.message, claimwatch.source.topic,
// claimwatch.source.partition and claimwatch.source.offset. Write returns once the broker has
// acknowledged every letter. Not thread-safe.
class KafkaDeadLetterSink : public records::DeadLetterSink {
 public:
  KafkaDeadLetterSink(KafkaWriter& writer, std::string topic,
                      std::chrono::milliseconds flush_timeout = std::chrono::seconds(30))
      : writer_(writer), topic_(std::move(topic)), flush_timeout_(flush_timeout) {}

  [[nodiscard]] Result<> Write(std::span<const records::DeadLetter> letters) override;

 private:
  KafkaWriter& writer_;
  std::string topic_;
  std::chrono::milliseconds flush_timeout_;
};

}  // namespace claimwatch::kafka
