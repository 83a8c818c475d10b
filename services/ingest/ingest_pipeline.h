#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "services/ingest/ingest_metrics.h"
#include "services/normalisation/normaliser.h"
#include "services/parsing/claim_parser.h"
#include "services/records/record_io.h"
#include "services/storage/claim_store.h"

namespace claimwatch::ingest {

struct IngestConfig {
  size_t batch_max_records = 5000;
  std::chrono::milliseconds poll_timeout{100};
  // Store each partition's next offset with the claims (Kafka). Off for file imports.
  bool record_positions = true;
  // Backoff while a sink is unavailable; the batch is retried until it lands or Stop().
  std::chrono::milliseconds retry_backoff{500};
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
};

// Parse → validate → normalise → dead-letter or store, one batch at a time. Per batch, dead letters
// are made durable first, then claims and offsets land in one atomic store write: a crash at any
// moment re-reads the batch and changes nothing twice. Not thread-safe; Stop() may be called
// anywhere.
class IngestPipeline {
 public:
  IngestPipeline(records::RecordSource& source, records::DeadLetterSink& dead_letters,
                 const normalisation::Normaliser& normaliser, storage::ClaimStore& store,
                 IngestMetrics& metrics, IngestConfig config);

  // Polls and processes one batch. An empty batch is not an error.
  [[nodiscard]] Result<BatchSummary> RunOnce();
  void Stop() { stopping_ = true; }

 private:
  [[nodiscard]] Result<> WriteDeadLetters(const std::vector<records::DeadLetter>& letters);
  [[nodiscard]] Result<std::vector<storage::ClaimOutcome>> StoreClaims();
  void Count(const std::vector<storage::ClaimOutcome>& outcomes, BatchSummary& summary);
  std::string Normalise(const parsing::Claim& claim);

  records::RecordSource& source_;
  records::DeadLetterSink& dead_letters_;
  const normalisation::Normaliser& normaliser_;
  storage::ClaimStore& store_;
  IngestMetrics& metrics_;
  IngestConfig config_;
  parsing::ClaimParser parser_;
  std::atomic<bool> stopping_{false};
  std::vector<storage::StoredClaim> claims_;
  std::vector<storage::SourcePosition> positions_;
};

}  // namespace claimwatch::ingest
