#include "services/ingest/ingest_pipeline.h"

#include "services/normalisation/normalised_json.h"
#include "services/result/retry.h"

namespace claimwatch::ingest {

IngestPipeline::IngestPipeline(records::RecordSource& source, records::DeadLetterSink& dead_letters,
                               const normalisation::Normaliser& normaliser,
                               storage::ClaimStore& store, IngestMetrics& metrics,
                               IngestConfig config, resolution::ChangeSink* changes)
    : source_(source),
      dead_letters_(dead_letters),
      normaliser_(normaliser),
      store_(store),
      metrics_(metrics),
      config_(config),
      changes_(changes),
      parser_(config.parser) {}

IngestPipeline::~IngestPipeline() {
  if (in_flight_.valid()) {
    Stop();
    in_flight_.wait();
  }
}

Result<BatchSummary> IngestPipeline::RunOnce() {
  auto batch = source_.Poll(config_.batch_max_records, config_.poll_timeout);
  if (!batch.ok()) return batch.status();
  if (batch->empty()) return Flush();
  PreparedBatch prepared = Prepare(*batch);
  if (!config_.pipelined) {
    auto positions = prepared.positions;
    auto summary = Commit(std::move(prepared));
    if (summary.ok()) source_.Acknowledge(positions);
    return summary;
  }
  auto finished = Flush();
  if (!finished.ok()) return finished;
  in_flight_positions_ = prepared.positions;
  in_flight_ = std::async(std::launch::async, [this, next = std::move(prepared)]() mutable {
    return Commit(std::move(next));
  });
  return finished;
}

Result<BatchSummary> IngestPipeline::Flush() {
  if (!in_flight_.valid()) return BatchSummary{};
  auto summary = in_flight_.get();
  if (summary.ok()) source_.Acknowledge(in_flight_positions_);
  return summary;
}

IngestPipeline::PreparedBatch IngestPipeline::Prepare(std::span<const records::Record> batch) {
  PreparedBatch prepared{.summary = {.read = batch.size()}};
  prepared.claims.reserve(batch.size());
  for (const auto& record : batch) {
    auto claim = parser_.Parse(record.payload);
    if (claim.ok()) {
      auto normalised = Normalise(*claim);
      if (changes_ != nullptr) prepared.facts.push_back(resolution::FactsOf(*claim, normalised));
      prepared.claims.push_back({std::move(claim->source), std::move(claim->claim_id),
                                 claim->revision, std::string(record.payload),
                                 normalisation::NormalisedToJson(normalised)});
      continue;
    }
    auto reason = parsing::RejectReasonOf(claim.status());
    metrics_.Rejected(reason).Increment();
    prepared.letters.push_back({std::string(record.topic), std::string(record.key),
                                std::string(record.payload), std::string(claim.status().message()),
                                record.partition, record.offset,
                                parsing::RejectReasonLabel(reason)});
  }
  metrics_.consumed.Increment(static_cast<double>(batch.size()));
  prepared.summary.rejected = prepared.letters.size();
  if (config_.record_positions) prepared.positions = records::NextPositions(batch);
  return prepared;
}

Result<BatchSummary> IngestPipeline::Commit(PreparedBatch batch) {
  const auto started = std::chrono::steady_clock::now();
  if (auto written = WriteDeadLetters(batch.letters); !written.ok()) return written;
  auto outcomes = StoreClaims(batch);
  if (!outcomes.ok()) return outcomes.status();
  metrics_.batch_commit_seconds.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  metrics_.batch_size.Observe(static_cast<double>(batch.summary.read));
  metrics_.dead_lettered.Increment(static_cast<double>(batch.letters.size()));
  Count(*outcomes, batch.summary);
  return batch.summary;
}

normalisation::NormalisedClaim IngestPipeline::Normalise(const parsing::Claim& claim) {
  auto normalised = normaliser_.Normalise(claim);
  for (size_t i = 0; i < normalisation::kFieldCount; ++i) {
    if (normalised.resolution[i] == normalisation::Method::kUnresolved) {
      metrics_.Unresolved(normalisation::FieldName(static_cast<normalisation::Field>(i)))
          .Increment();
    }
  }
  return normalised;
}

Result<> IngestPipeline::WriteDeadLetters(const std::vector<Letter>& letters) {
  if (letters.empty()) return absl::OkStatus();
  std::vector<records::DeadLetter> views;  // over the copies, which outlive the polled batch
  views.reserve(letters.size());
  for (const auto& letter : letters) {
    views.push_back({{letter.topic, letter.partition, letter.offset, letter.key, letter.payload},
                     letter.reason,
                     letter.message});
  }
  return RetryWhileUnavailable([&] { return dead_letters_.Write(views); }, config_.retry_backoff,
                               stopping_);
}

Result<std::vector<storage::ClaimOutcome>> IngestPipeline::StoreClaims(const PreparedBatch& batch) {
  return RetryWhileUnavailable(
      [&]() -> Result<std::vector<storage::ClaimOutcome>> {
        auto plan = store_.Plan(batch.claims);
        if (!plan.ok()) return plan.status();
        if (auto published = PublishChanges(batch, *plan); !published.ok()) return published;
        if (auto written = store_.Write(batch.claims, *plan, batch.positions); !written.ok()) {
          return written;
        }
        return std::move(plan->outcomes);
      },
      config_.retry_backoff, stopping_);
}

Result<> IngestPipeline::PublishChanges(const PreparedBatch& batch,
                                        const storage::ClaimPlan& plan) {
  if (changes_ == nullptr) return absl::OkStatus();
  std::vector<resolution::KeyedChange> changes;
  changes.reserve(batch.claims.size());
  for (size_t i = 0; i < batch.claims.size(); ++i) {
    const auto outcome = plan.outcomes[i];
    if (outcome != storage::ClaimOutcome::kStored && outcome != storage::ClaimOutcome::kRevised) {
      continue;
    }
    const auto& claim = batch.facts[i];
    std::string block = resolution::LocationBlock(claim);
    if (outcome == storage::ClaimOutcome::kRevised) {
      // The revision moved the claim: the partition that resolved the old place lets it go.
      std::string old_block = resolution::LocationBlockOfNormalisedJson(plan.replaced[i]);
      if (old_block != block) {
        resolution::ClaimFacts identity{
            .source = claim.source, .claim_id = claim.claim_id, .revision = claim.revision};
        changes.push_back({std::move(old_block), {true, std::move(identity)}});
      }
    }
    changes.push_back({std::move(block), {false, claim}});
  }
  if (changes.empty()) return absl::OkStatus();
  return changes_->Publish(changes);
}

void IngestPipeline::Count(const std::vector<storage::ClaimOutcome>& outcomes,
                           BatchSummary& summary) {
  for (auto outcome : outcomes) {
    switch (outcome) {
      case storage::ClaimOutcome::kStored:
        ++summary.stored;
        break;
      case storage::ClaimOutcome::kRevised:
        ++summary.revised;
        break;
      case storage::ClaimOutcome::kRedelivery:
        ++summary.redeliveries;
        break;
      case storage::ClaimOutcome::kSuperseded:
        ++summary.superseded;
        break;
    }
  }
  metrics_.stored.Increment(static_cast<double>(summary.stored));
  metrics_.revised.Increment(static_cast<double>(summary.revised));
  metrics_.redeliveries.Increment(static_cast<double>(summary.redeliveries));
  metrics_.superseded.Increment(static_cast<double>(summary.superseded));
}

}  // namespace claimwatch::ingest
