#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/result/result.h"
#include "services/storage/claim_store.h"

namespace claimwatch::records {

// One input message. Views stay valid until the next RecordSource::Poll.
struct Record {
  std::string_view topic{};
  int32_t partition = 0;
  int64_t offset = 0;
  std::string_view key{};
  std::string_view payload{};
  // A null payload's (a tombstone's) claimwatch.incident.version header; 0 otherwise.
  int64_t version = 0;
};

// Where records come from: a Kafka consumer, an NDJSON file, a test fake.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // Up to `max_records` records, waiting at most `timeout` for the first one.
  [[nodiscard]] virtual Result<std::span<const Record>> Poll(size_t max_records,
                                                             std::chrono::milliseconds timeout) = 0;
  // Tells the source that these positions are durable in the store (informational for Kafka:
  // the store, not the broker, is where a worker resumes from).
  virtual void Acknowledge(std::span<const storage::SourcePosition> positions) = 0;
};

// The next offset per (topic, partition) after `records`, which come in offset order per
// partition: what a consumer stores to resume after them.
std::vector<storage::SourcePosition> NextPositions(std::span<const Record> records);

struct DeadLetter {
  Record record{};
  std::string_view reason{};   // bounded label, e.g. "wrong_type"
  std::string_view message{};  // "location.province: expected string"
};

// Where rejected records go. Write returns once they are durable (or fails as a whole).
class DeadLetterSink {
 public:
  virtual ~DeadLetterSink() = default;
  [[nodiscard]] virtual Result<> Write(std::span<const DeadLetter> letters) = 0;
};

}  // namespace claimwatch::records
