#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/kafka/kafka_config.h"
#include "services/kafka/kafka_stats.h"

namespace claimwatch::kafka {

using Headers = std::vector<std::pair<std::string, std::string>>;

// An idempotent Kafka producer that reports delivery per flush: Send() queues, Flush() waits
// until every queued message is acknowledged and fails if any was not. Not thread-safe.
class KafkaWriter {
 public:
  [[nodiscard]] static Result<std::unique_ptr<KafkaWriter>> Create(Properties properties,
                                                                   StatsHandler stats = nullptr);
  ~KafkaWriter();

  [[nodiscard]] Result<> Send(const std::string& topic, std::string_view key,
                              std::string_view payload, const Headers& headers = {});
  [[nodiscard]] Result<> Flush(std::chrono::milliseconds timeout);
  size_t delivered() const { return delivered_; }

 private:
  class DeliveryReports;
  KafkaWriter() = default;

  std::unique_ptr<DeliveryReports> reports_;
  std::unique_ptr<ClientEvents> events_;
  std::unique_ptr<RdKafka::Producer> producer_;
  size_t delivered_ = 0;
  size_t failed_ = 0;
  std::string first_error_;
};

}  // namespace claimwatch::kafka
