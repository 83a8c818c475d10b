#include "services/ingest/ingest_pipeline.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "services/ingest/testing/fake_records.h"

namespace claimwatch::ingest {
namespace {

using testing::CollectingDeadLetterSink;
using testing::InMemoryRecordSource;

std::string ClaimJson(const std::string& id, int revision = 0) {
  return R"({"schema":"claim.v1","claim_id":")" + id + R"(","source":"amaq","revision":)" +
         std::to_string(revision) +
         R"(,"reported_at":"2022-10-14T18:05:00Z","claimed_by":"ISPP","event_date":"2022-10-14",)"
         R"("location":{"place":"Mastung"}})";
}

class IngestPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("ingest_pipeline_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    store_ = std::move(*storage::ClaimStore::Open({.path = path_.string()}));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(path_);
  }
  IngestConfig Config(size_t batch) {
    return IngestConfig{.batch_max_records = batch, .retry_backoff = std::chrono::milliseconds(1)};
  }

  std::filesystem::path path_;
  std::unique_ptr<storage::ClaimStore> store_;
  // No reference data: every name stays unresolved, which is all these tests need.
  std::unique_ptr<normalisation::Normaliser> normaliser_ =
      std::move(*normalisation::Normaliser::Create({}));
  prometheus::Registry registry_;
  IngestMetrics metrics_{registry_};
};

TEST_F(IngestPipelineTest, DeadLettersMalformedPayloadAndStillAdvancesTheOffset) {
  InMemoryRecordSource source({ClaimJson("c1"), "not json", ClaimJson("c2")}, "claims", 2, 40);
  CollectingDeadLetterSink dead_letters;
  IngestPipeline pipeline(source, dead_letters, *normaliser_, *store_, metrics_, Config(10));

  auto summary = pipeline.RunOnce();
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->read, 3u);
  EXPECT_EQ(summary->stored, 2u);
  EXPECT_EQ(summary->rejected, 1u);
  ASSERT_EQ(dead_letters.letters().size(), 1u);
  EXPECT_EQ(dead_letters.letters()[0].offset, 41);
  EXPECT_EQ(dead_letters.letters()[0].reason, "invalid_json");
  EXPECT_EQ(dead_letters.letters()[0].payload, "not json");
  EXPECT_EQ(store_->NextOffset("claims", 2)->value(), 43);
  ASSERT_EQ(source.acknowledged().size(), 1u);
  EXPECT_EQ(source.acknowledged()[0].next_offset, 43);
  EXPECT_EQ(metrics_.Rejected(parsing::RejectReason::kInvalidJson).Value(), 1.0);
  EXPECT_EQ(metrics_.consumed.Value(), 3.0);
  EXPECT_EQ(metrics_.stored.Value(), 2.0);
}

TEST_F(IngestPipelineTest, DropsAndCountsRedeliveriesAndKeepsTheNewestRevision) {
  InMemoryRecordSource source(
      {ClaimJson("c1"), ClaimJson("c1"), ClaimJson("c1", 2), ClaimJson("c1", 1), ClaimJson("c1")});
  CollectingDeadLetterSink dead_letters;
  IngestPipeline pipeline(source, dead_letters, *normaliser_, *store_, metrics_, Config(2));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pipeline.RunOnce().ok());

  EXPECT_EQ(metrics_.stored.Value(), 1.0);
  EXPECT_EQ(metrics_.revised.Value(), 1.0);
  EXPECT_EQ(metrics_.redeliveries.Value(), 1.0);
  EXPECT_EQ(metrics_.superseded.Value(), 2.0);
  EXPECT_EQ((*store_->Get("amaq", "c1"))->revision, 2);
  EXPECT_EQ(store_->NextOffset("claims", 0)->value(), 5);
}

TEST_F(IngestPipelineTest, ReplayAfterACrashChangesNothing) {
  InMemoryRecordSource source({ClaimJson("a"), ClaimJson("b"), "{}", ClaimJson("c")});
  CollectingDeadLetterSink dead_letters;
  IngestPipeline pipeline(source, dead_letters, *normaliser_, *store_, metrics_, Config(2));
  ASSERT_TRUE(pipeline.RunOnce().ok());
  // The worker died before the broker learnt of the commit: it re-reads from the stored offset.
  source.Rewind(static_cast<size_t>(store_->NextOffset("claims", 0)->value()));
  ASSERT_TRUE(pipeline.RunOnce().ok());
  ASSERT_TRUE(pipeline.RunOnce().ok());
  EXPECT_EQ(metrics_.stored.Value(), 3.0);
  EXPECT_EQ(metrics_.redeliveries.Value(), 0.0);
  EXPECT_EQ(dead_letters.letters().size(), 1u);
  EXPECT_EQ(store_->NextOffset("claims", 0)->value(), 4);
}

TEST_F(IngestPipelineTest, RetriesTheBatchWhileDeadLettersAreUnavailable) {
  InMemoryRecordSource source({ClaimJson("a"), "[]"});
  CollectingDeadLetterSink dead_letters;
  dead_letters.FailNext(3);
  IngestPipeline pipeline(source, dead_letters, *normaliser_, *store_, metrics_, Config(10));
  ASSERT_TRUE(pipeline.RunOnce().ok());
  EXPECT_EQ(dead_letters.attempts(), 4);
  EXPECT_EQ(dead_letters.letters().size(), 1u);
  EXPECT_EQ(store_->NextOffset("claims", 0)->value(), 2);
}

TEST_F(IngestPipelineTest, StoppingWhileUnavailableCommitsNothing) {
  InMemoryRecordSource source({ClaimJson("a"), "[]"});
  CollectingDeadLetterSink dead_letters;
  dead_letters.FailNext(100);
  IngestPipeline pipeline(source, dead_letters, *normaliser_, *store_, metrics_, Config(10));
  pipeline.Stop();
  auto summary = pipeline.RunOnce();
  EXPECT_TRUE(absl::IsUnavailable(summary.status()));
  EXPECT_FALSE(store_->NextOffset("claims", 0)->has_value());
  EXPECT_FALSE(store_->Get("amaq", "a")->has_value());
}

TEST_F(IngestPipelineTest, StoresNormalisedFieldsWithTheClaimAndCountsUnresolvedOnes) {
  InMemoryRecordSource source({ClaimJson("a")});
  CollectingDeadLetterSink dead_letters;
  IngestPipeline pipeline(source, dead_letters, *normaliser_, *store_, metrics_, Config(10));
  ASSERT_TRUE(pipeline.RunOnce().ok());
  auto stored = store_->Get("amaq", "a");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_NE((*stored)->normalised.find(R"("event_date":"2022-10-14","date_precision":"day")"),
            std::string::npos)
      << (*stored)->normalised;
  EXPECT_NE((*stored)->normalised.find(R"("resolution":{"group":"unresolved")"), std::string::npos);
  EXPECT_EQ(metrics_.Unresolved("group").Value(), 1.0);
  EXPECT_EQ(metrics_.Unresolved("place").Value(), 1.0);
}

TEST_F(IngestPipelineTest, PipelinedCommitsLandInOrderAndFlushReportsTheLast) {
  std::vector<std::string> payloads;
  for (int i = 0; i < 10; ++i) payloads.push_back(i == 4 ? "bad" : ClaimJson(std::to_string(i)));
  payloads.push_back(ClaimJson("3"));  // a re-delivery in the last batch
  InMemoryRecordSource source(payloads);
  CollectingDeadLetterSink dead_letters;
  auto config = Config(3);
  config.pipelined = true;
  IngestPipeline pipeline(source, dead_letters, *normaliser_, *store_, metrics_, config);
  BatchSummary total;
  for (int i = 0; i < 4; ++i) {
    auto summary = pipeline.RunOnce();
    ASSERT_TRUE(summary.ok()) << summary.status();
    total += *summary;
  }
  EXPECT_EQ(total.read, 9u);  // the fourth batch is still committing
  auto last = pipeline.Flush();
  ASSERT_TRUE(last.ok());
  total += *last;
  EXPECT_EQ(total.read, 11u);
  EXPECT_EQ(total.stored, 9u);
  EXPECT_EQ(total.rejected, 1u);
  EXPECT_EQ(total.redeliveries, 1u);
  EXPECT_EQ(dead_letters.letters().size(), 1u);
  EXPECT_EQ(dead_letters.letters()[0].payload, "bad");  // a copy: the polled batch is gone
  EXPECT_EQ(store_->NextOffset("claims", 0)->value(), 11);
  ASSERT_EQ(source.acknowledged().size(), 1u);
  EXPECT_EQ(source.acknowledged()[0].next_offset, 11);
}

TEST_F(IngestPipelineTest, PipelinedStopWhileUnavailableCommitsNothing) {
  InMemoryRecordSource source({ClaimJson("a"), "[]"});
  CollectingDeadLetterSink dead_letters;
  dead_letters.FailNext(1000000);
  auto config = Config(10);
  config.pipelined = true;
  IngestPipeline pipeline(source, dead_letters, *normaliser_, *store_, metrics_, config);
  ASSERT_TRUE(pipeline.RunOnce().ok());  // polled and handed to the commit thread
  pipeline.Stop();
  EXPECT_TRUE(absl::IsUnavailable(pipeline.Flush().status()));
  EXPECT_FALSE(store_->NextOffset("claims", 0)->has_value());
  EXPECT_TRUE(source.acknowledged().empty());
}

TEST_F(IngestPipelineTest, FileImportsRecordNoPositions) {
  InMemoryRecordSource source({ClaimJson("a")}, "claims.ndjson");
  CollectingDeadLetterSink dead_letters;
  auto config = Config(10);
  config.record_positions = false;
  IngestPipeline pipeline(source, dead_letters, *normaliser_, *store_, metrics_, config);
  ASSERT_TRUE(pipeline.RunOnce().ok());
  EXPECT_TRUE(store_->Positions()->empty());
}

}  // namespace
}  // namespace claimwatch::ingest

namespace claimwatch::ingest {
namespace {

// Remembers what it is asked to publish, and whether the store already had each claim then.
class RecordingChangeSink : public resolution::ChangeSink {
 public:
  explicit RecordingChangeSink(const storage::ClaimStore& store) : store_(store) {}
  Result<> Publish(std::span<const resolution::KeyedChange> changes) override {
    if (failures_left_ > 0) {
      --failures_left_;
      return Unavailable("claims.normalized: broker down");
    }
    for (const auto& keyed : changes) {
      const auto& claim = keyed.change.claim;
      auto stored = store_.Get(claim.source, claim.claim_id);
      stored_before_publish_ |= stored.ok() && *stored && (*stored)->revision >= claim.revision;
      published_.push_back(StrCat(keyed.change.retract ? "retract " : "upsert ", claim.claim_id,
                                  "@", claim.revision, " → ", keyed.block));
    }
    return absl::OkStatus();
  }
  void FailNext(int count) { failures_left_ = count; }
  const std::vector<std::string>& published() const { return published_; }
  bool stored_before_publish() const { return stored_before_publish_; }

 private:
  const storage::ClaimStore& store_;
  std::vector<std::string> published_;
  int failures_left_ = 0;
  bool stored_before_publish_ = false;
};

std::string ClaimAt(const std::string& place, int revision) {
  std::string json = ClaimJson("c1", revision);
  json.replace(json.find("Mastung"), 7, place);
  return json;
}

TEST_F(IngestPipelineTest, PublishesNewAndRevisedClaimsAndRetractsAMovedOne) {
  auto reference =
      normalisation::LoadReferenceData(normalisation::BundledReferenceFiles("schemas/reference"));
  ASSERT_TRUE(reference.ok()) << reference.status() << " (run from the repository root)";
  auto normaliser = normalisation::Normaliser::Create(std::move(*reference));
  ASSERT_TRUE(normaliser.ok());
  InMemoryRecordSource source({ClaimAt("Mastung", 0), ClaimAt("Rawalpindi", 1),
                               ClaimAt("Rawalpindi", 1), ClaimAt("Rawalpindi", 2)});
  CollectingDeadLetterSink dead_letters;
  RecordingChangeSink changes(*store_);
  changes.FailNext(2);
  IngestPipeline pipeline(source, dead_letters, **normaliser, *store_, metrics_, Config(1),
                          &changes);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(pipeline.RunOnce().ok());

  EXPECT_EQ(changes.published(),
            (std::vector<std::string>{
                "upsert c1@0 → PK/PK-BA/Mastung", "retract c1@1 → PK/PK-BA/Mastung",
                "upsert c1@1 → PK/PK-PB/Rawalpindi", "upsert c1@2 → PK/PK-PB/Rawalpindi"}));
  EXPECT_FALSE(changes.stored_before_publish()) << "the store is written after publishing";
  EXPECT_EQ((*store_->Get("amaq", "c1"))->revision, 2);
}

}  // namespace
}  // namespace claimwatch::ingest
