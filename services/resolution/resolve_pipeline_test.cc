#include "services/resolution/resolve_pipeline.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "services/ingest/testing/fake_records.h"
#include "services/resolution/testing/claims.h"

namespace claimwatch::resolution {
namespace {

// Keeps what it publishes; can fail the next N publishes with a given status.
class RecordingIncidentSink : public IncidentSink {
 public:
  Result<> Publish(std::span<const IncidentChange> changes) override {
    ++attempts_;
    if (failures_left_ > 0) {
      --failures_left_;
      return failure_;
    }
    published_.insert(published_.end(), changes.begin(), changes.end());
    return absl::OkStatus();
  }
  void FailNext(int count, absl::Status status) {
    failures_left_ = count;
    failure_ = std::move(status);
  }
  const std::vector<IncidentChange>& published() const { return published_; }
  int attempts() const { return attempts_; }

 private:
  std::vector<IncidentChange> published_;
  int failures_left_ = 0;
  int attempts_ = 0;
  absl::Status failure_;
};

class ResolvePipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("resolve_pipeline_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    store_ = std::move(*storage::ClaimStore::Open({.path = path_.string()}));
    resolver_ = std::make_unique<Resolver>(*store_, MatchRules{});
  }
  void TearDown() override {
    resolver_.reset();
    store_.reset();
    std::filesystem::remove_all(path_);
  }
  ResolvePipeline Pipeline(records::RecordSource& source) {
    return ResolvePipeline(
        source, sink_, *resolver_, metrics_,
        {.batch_max_records = 10, .retry_backoff = std::chrono::milliseconds(1)});
  }
  size_t StoredIncidents() {
    size_t count = 0;
    EXPECT_TRUE(ForEachIncident(*store_, [&](const Incident&) { return ++count; }).ok());
    return count;
  }

  std::filesystem::path path_;
  std::unique_ptr<storage::ClaimStore> store_;
  std::unique_ptr<Resolver> resolver_;
  RecordingIncidentSink sink_;
  prometheus::Registry registry_;
  ResolutionMetrics metrics_{registry_};
  static ClaimFacts Competing() {
    auto claim = testing::RawalpindiClaim("amaq", "2");
    claim.group = "ispp";
    return claim;
  }
  const std::vector<std::string> payloads_ = {
      ChangeToJson({false, testing::RawalpindiClaim("umar", "1")}), "not a change",
      ChangeToJson({false, Competing()})};
};

TEST_F(ResolvePipelineTest, ResolvesPublishesAndCommitsWithPositionsSkippingForeignMessages) {
  ingest::testing::InMemoryRecordSource source(payloads_, "claims.normalized", 3, 100);
  auto pipeline = Pipeline(source);
  auto read = pipeline.RunOnce();
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, 3u);
  // One incident, published once per batch: amaq's claim named it anew (first by key), and the
  // incident umar's claim made is deleted.
  ASSERT_EQ(sink_.published().size(), 2u);
  const auto& kept =
      sink_.published()[0].value.empty() ? sink_.published()[1] : sink_.published()[0];
  EXPECT_EQ(kept.version, 2);
  EXPECT_EQ(StoredIncidents(), 1u);
  EXPECT_EQ(store_->NextOffset("claims.normalized", 3)->value(), 103);
  ASSERT_EQ(source.acknowledged().size(), 1u);
  EXPECT_EQ(metrics_.invalid_messages.Value(), 1.0);
  EXPECT_EQ(metrics_.resolved.Value(), 2.0);
  EXPECT_EQ(metrics_.incident_duplicates.Value(), 1.0);
  EXPECT_EQ(metrics_.incidents_updated.Value(), 1.0);
  EXPECT_EQ(metrics_.incidents_deleted.Value(), 1.0);
}

TEST_F(ResolvePipelineTest, RetriesAnUnavailableSinkThenCommits) {
  ingest::testing::InMemoryRecordSource source(payloads_, "claims.normalized", 0);
  sink_.FailNext(2, Unavailable("incidents: broker down"));
  auto pipeline = Pipeline(source);
  ASSERT_TRUE(pipeline.RunOnce().ok());
  EXPECT_EQ(sink_.attempts(), 3);
  EXPECT_EQ(StoredIncidents(), 1u);
}

TEST_F(ResolvePipelineTest, CommitsNothingWhenPublishingFails) {
  ingest::testing::InMemoryRecordSource source(payloads_, "claims.normalized", 0);
  sink_.FailNext(1, FailedPrecondition("incidents: not authorised"));
  auto pipeline = Pipeline(source);
  auto read = pipeline.RunOnce();
  EXPECT_FALSE(read.ok());
  EXPECT_EQ(StoredIncidents(), 0u);
  EXPECT_FALSE(store_->NextOffset("claims.normalized", 0)->has_value());
  EXPECT_TRUE(source.acknowledged().empty());
  // Replayed after a restart, the batch lands as if nothing had happened.
  source.Rewind(0);
  ASSERT_TRUE(pipeline.RunOnce().ok());
  EXPECT_EQ(StoredIncidents(), 1u);
  EXPECT_EQ(sink_.published().size(), 2u);
}

}  // namespace
}  // namespace claimwatch::resolution
