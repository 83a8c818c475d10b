#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "services/kafka/kafka_config.h"
#include "services/kafka/kafka_stats.h"
#include "services/records/record_io.h"

namespace claimwatch::kafka {

struct PartitionLag {
  std::string topic{};
  int32_t partition = 0;
  int64_t lag = 0;
};

// Where an assigned partition resumes; nullopt = never consumed (start from the earliest).
using PositionLookup =
    std::function<Result<std::optional<int64_t>>(const std::string& topic, int32_t partition)>;

// A Kafka consumer-group member as a RecordSource. On assignment every partition resumes from the
// position the store holds (PositionLookup), not from the broker's committed offset, so progress
// and state can never disagree. Broker commits are made after the store's, for lag tooling only.
// Not thread-safe: one polling thread.
class KafkaRecordSource : public records::RecordSource {
 public:
  [[nodiscard]] static Result<std::unique_ptr<KafkaRecordSource>> Create(
      Properties properties, std::vector<std::string> topics, PositionLookup lookup,
      StatsHandler stats = nullptr);
  ~KafkaRecordSource() override;

  [[nodiscard]] Result<std::span<const records::Record>> Poll(
      size_t max_records, std::chrono::milliseconds timeout) override;
  void Acknowledge(std::span<const storage::SourcePosition> positions) override;

  // True once partitions are assigned and every one has been read to its end.
  bool CaughtUp() const;
  // True once partitions are assigned and the next offset of every one has reached its high
  // watermark as the broker reports it now (one round trip per partition). Unlike CaughtUp, this
  // sees messages produced after the last poll: for a consumer of another stage's output.
  [[nodiscard]] Result<bool> ReachedHighWatermarks();
  // High watermark minus next offset, for each assigned partition.
  std::vector<PartitionLag> Lag();
  // Leaves the group cleanly (revokes partitions); Poll must not be called after.
  void Close();

 private:
  class Rebalancer;
  struct PartitionState {
    int64_t next_offset = -1;  // -1: unknown until the first record or the stored position
    bool at_end = false;
  };
  using PartitionKey = std::pair<std::string, int32_t>;

  KafkaRecordSource() = default;
  void OnAssigned(const std::vector<RdKafka::TopicPartition*>& partitions);
  void OnRevoked(const std::vector<RdKafka::TopicPartition*>& partitions);
  void ReleaseMessages();
  // Handles one non-message event from consume(); false when polling should stop this round.
  Result<bool> HandleEvent(RdKafka::Message& message);

  std::unique_ptr<Rebalancer> rebalancer_;
  std::unique_ptr<ClientEvents> events_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  PositionLookup lookup_;
  std::map<PartitionKey, PartitionState> assigned_;
  std::vector<RdKafka::Message*> messages_;
  std::vector<records::Record> records_;
  absl::Status assignment_error_;
  bool closed_ = false;
};

}  // namespace claimwatch::kafka
