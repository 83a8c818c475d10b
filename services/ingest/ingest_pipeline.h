#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <future>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "services/ingest/ingest_metrics.h"
#include "services/normalisation/normaliser.h"
#include "services/parsing/claim_parser.h"
#include "services/records/record_io.h"
#include "services/resolution/change_sink.h"
#include "services/storage/claim_store.h"

namespace claimwatch::ingest {

struct IngestConfig {
  size_t batch_max_records = 5000;
  std::chrono::milliseconds poll_timeout{100};
  // Store each partition's next offset with the claims (Kafka). Off for file imports.
  bool record_positions = true;
  // Backoff while a sink is unavailable; the batch is retried until it lands or Stop().
  std::chrono::milliseconds retry_backoff{500};
  // Commit batch N on a second thread while batch N+1 is parsed. Batches still commit one at a
  // time and in order; RunOnce then reports the batch that finished, and Flush() the last one.
  bool pipelined = false;
  parsing::ClaimParserConfig parser{};
};

// What one batch did, for summaries (import) and tests.
struct BatchSummary {
  size_t read = 0;
  size_t stored = 0;
  size_t revised = 0;
  size_t redeliveries = 0;
  size_t superseded = 0;
  size_t rejected = 0;

  BatchSummary& operator+=(const BatchSummary& other) {
    read += other.read;
    stored += other.stored;
    revised += other.revised;
    redeliveries += other.redeliveries;
    superseded += other.superseded;
    rejected += other.rejected;
    return *this;
  }
};

// Parse → validate → normalise → dead-letter or store, one batch at a time. Per batch, dead letters
// are made durable first, then the new and revised claims are handed to the resolution stage
// (when there is one), then claims and offsets land in one atomic store write: a crash at any
// moment re-reads the batch and changes nothing twice. Not thread-safe (pipelined mode runs the
// commit on its own thread, internally); Stop() may be called anywhere.
class IngestPipeline {
 public:
  IngestPipeline(records::RecordSource& source, records::DeadLetterSink& dead_letters,
                 const normalisation::Normaliser& normaliser, storage::ClaimStore& store,
                 IngestMetrics& metrics, IngestConfig config,
                 resolution::ChangeSink* changes = nullptr);

  ~IngestPipeline();

  // Polls and processes one batch, and returns what the batch that finished committing did
  // (the polled one; when pipelined, the one before it). An empty batch is not an error.
  [[nodiscard]] Result<BatchSummary> RunOnce();
  // Waits for the batch still committing (pipelined mode) and returns what it did.
  [[nodiscard]] Result<BatchSummary> Flush();
  void Stop() { stopping_ = true; }

 private:
  // A rejected record, copied: it outlives the polled batch when commits are pipelined.
  struct Letter {
    std::string topic{}, key{}, payload{}, message{};
    int32_t partition = 0;
    int64_t offset = 0;
    const char* reason = "";
  };
  // A parsed, normalised batch that owns everything its commit needs.
  struct PreparedBatch {
    BatchSummary summary{};
    std::vector<storage::StoredClaim> claims{};
    std::vector<resolution::ClaimFacts> facts{};  // aligned with claims, when there is a sink
    std::vector<Letter> letters{};
    std::vector<storage::SourcePosition> positions{};
  };

  PreparedBatch Prepare(std::span<const records::Record> batch);
  [[nodiscard]] Result<BatchSummary> Commit(PreparedBatch batch);
  [[nodiscard]] Result<> WriteDeadLetters(const std::vector<Letter>& letters);
  [[nodiscard]] Result<std::vector<storage::ClaimOutcome>> StoreClaims(const PreparedBatch& batch);
  void Count(const std::vector<storage::ClaimOutcome>& outcomes, BatchSummary& summary);
  normalisation::NormalisedClaim Normalise(const parsing::Claim& claim);
  [[nodiscard]] Result<> PublishChanges(const PreparedBatch& batch, const storage::ClaimPlan& plan);

  records::RecordSource& source_;
  records::DeadLetterSink& dead_letters_;
  const normalisation::Normaliser& normaliser_;
  storage::ClaimStore& store_;
  IngestMetrics& metrics_;
  IngestConfig config_;
  resolution::ChangeSink* changes_;
  parsing::ClaimParser parser_;
  std::atomic<bool> stopping_{false};
  // The commit in flight (pipelined mode) and the positions to acknowledge once it lands.
  std::future<Result<BatchSummary>> in_flight_;
  std::vector<storage::SourcePosition> in_flight_positions_;
};

}  // namespace claimwatch::ingest
