#pragma once

#include <string>
#include <vector>

#include "services/records/record_io.h"

namespace claimwatch::ingest::testing {

// Serves fixed payloads on one topic/partition, `batch` at a time; remembers acknowledgements.
class InMemoryRecordSource : public records::RecordSource {
 public:
  InMemoryRecordSource(std::vector<std::string> payloads, std::string topic = "claims",
                       int32_t partition = 0, int64_t first_offset = 0)
      : payloads_(std::move(payloads)),
        topic_(std::move(topic)),
        partition_(partition),
        first_offset_(first_offset) {}

  Result<std::span<const records::Record>> Poll(size_t max_records,
                                                std::chrono::milliseconds) override {
    records_.clear();
    while (next_ < payloads_.size() && records_.size() < max_records) {
      records_.push_back(
          {topic_, partition_, first_offset_ + static_cast<int64_t>(next_), {}, payloads_[next_]});
      ++next_;
    }
    return std::span<const records::Record>(records_);
  }
  void Acknowledge(std::span<const storage::SourcePosition> positions) override {
    acknowledged_.assign(positions.begin(), positions.end());
  }
  // Replays from `index` as a restarted consumer would.
  void Rewind(size_t index) { next_ = index; }
  const std::vector<storage::SourcePosition>& acknowledged() const { return acknowledged_; }

 private:
  std::vector<std::string> payloads_;
  std::string topic_;
  int32_t partition_;
  int64_t first_offset_;
  size_t next_ = 0;
  std::vector<records::Record> records_;
  std::vector<storage::SourcePosition> acknowledged_;
};

// Keeps copies of what it is given; can be told to be unavailable for the next N writes.
class CollectingDeadLetterSink : public records::DeadLetterSink {
 public:
  struct Letter {
    int64_t offset = 0;
    std::string reason{};
    std::string message{};
    std::string payload{};
  };
  Result<> Write(std::span<const records::DeadLetter> letters) override {
    ++attempts_;
    if (failures_left_ > 0) {
      --failures_left_;
      return Unavailable("dead letters: broker down");
    }
    for (const auto& letter : letters) {
      letters_.push_back({letter.record.offset, std::string(letter.reason),
                          std::string(letter.message), std::string(letter.record.payload)});
    }
    return absl::OkStatus();
  }
  void FailNext(int count) { failures_left_ = count; }
  const std::vector<Letter>& letters() const { return letters_; }
  int attempts() const { return attempts_; }

 private:
  std::vector<Letter> letters_;
  int failures_left_ = 0;
  int attempts_ = 0;
};

}  // namespace claimwatch::ingest::testing
