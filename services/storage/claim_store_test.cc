#include "services/storage/claim_store.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "services/storage/counter_merge.h"
#include "services/storage/key_encoding.h"

namespace claimwatch::storage {
namespace {

class ClaimStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("claim_store_test_" + std::to_string(::getpid()) + "_" +
             testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(path_);
  }
  void Reopen() {
    store_.reset();
    auto store = ClaimStore::Open(StoreOptions{.path = path_.string()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  std::vector<ClaimOutcome> Apply(std::vector<StoredClaim> claims,
                                  std::vector<SourcePosition> positions = {}) {
    auto outcomes = store_->Apply(claims, positions);
    EXPECT_TRUE(outcomes.ok()) << outcomes.status();
    return outcomes.ok() ? *outcomes : std::vector<ClaimOutcome>{};
  }

  std::filesystem::path path_;
  std::unique_ptr<ClaimStore> store_;
};

StoredClaim Claim(std::string source, std::string id, int64_t revision,
                  std::string payload = "{}") {
  return StoredClaim{std::move(source), std::move(id), revision, std::move(payload),
                     R"({"group":"ispp"})"};
}

TEST_F(ClaimStoreTest, StateCountersAddWithoutReadingAcrossBatchesAndReopen) {
  const std::string key = std::string(kCounterPrefix) + "x";
  auto counter = [&] {
    std::string value;
    auto scanned = store_->ScanState(key, key + '\0', [&](std::string_view, std::string_view v) {
      value = v;
      return false;
    });
    EXPECT_TRUE(scanned.ok());
    return value;
  };
  auto batch = store_->NewStateBatch();
  batch->Add(key, 3);
  batch->Add(key, 2);
  ASSERT_TRUE(store_->CommitState(*batch, {}).ok());
  EXPECT_EQ(counter(), "5");
  batch = store_->NewStateBatch();
  batch->Add(key, -4);
  ASSERT_TRUE(store_->CommitState(*batch, {}).ok());
  Reopen();
  EXPECT_EQ(counter(), "1");
  batch = store_->NewStateBatch();
  batch->Add(key, -1);
  ASSERT_TRUE(store_->CommitState(*batch, {}).ok());
  EXPECT_EQ(counter(), "0");  // kept until a compaction drops it
}

TEST_F(ClaimStoreTest, SaysWhenAnotherProcessHasTheStoreOpen) {
  auto second = ClaimStore::Open(StoreOptions{.path = path_.string()});
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(absl::IsUnavailable(second.status()));
  EXPECT_NE(second.status().message().find("is already open in a claimwatch process"),
            std::string::npos)
      << second.status();
}

TEST_F(ClaimStoreTest, RoundTripsClaimsAcrossReopen) {
  Apply({Claim("amaq", "1", 0, R"({"a":1})"), Claim("nashir", "1", 3, R"({"b":2})")});
  Reopen();
  auto claim = store_->Get("nashir", "1");
  ASSERT_TRUE(claim.ok() && claim->has_value());
  EXPECT_EQ((*claim)->revision, 3);
  EXPECT_EQ((*claim)->payload, R"({"b":2})");
  EXPECT_EQ((*claim)->normalised, R"({"group":"ispp"})");
  EXPECT_FALSE(store_->Get("nashir", "2")->has_value());
}

TEST_F(ClaimStoreTest, DecidesRedeliveryRevisionAndSupersededWithinAndAcrossBatches) {
  using enum ClaimOutcome;
  EXPECT_EQ(Apply({Claim("s", "a", 1), Claim("s", "a", 1), Claim("s", "b", 0)}),
            (std::vector{kStored, kRedelivery, kStored}));
  EXPECT_EQ(Apply({Claim("s", "a", 1), Claim("s", "a", 2, "new"), Claim("s", "a", 0),
                   Claim("t", "a", 1)}),
            (std::vector{kRedelivery, kRevised, kSuperseded, kStored}));
  EXPECT_EQ((*store_->Get("s", "a"))->payload, "new");
}

TEST_F(ClaimStoreTest, WritesPositionsWithTheClaimsTheyProduced) {
  EXPECT_FALSE(store_->NextOffset("claims", 0)->has_value());
  Apply({Claim("s", "a", 0)}, {{"claims", 0, 11}, {"claims", 3, 7}});
  Apply({}, {{"claims", 0, 12}});
  Reopen();
  EXPECT_EQ(store_->NextOffset("claims", 0)->value(), 12);
  EXPECT_EQ(store_->NextOffset("claims", 3)->value(), 7);
  EXPECT_FALSE(store_->NextOffset("claims", 1)->has_value());
  EXPECT_FALSE(store_->NextOffset("claims.dlq", 0)->has_value());
  auto positions = store_->Positions();
  ASSERT_TRUE(positions.ok());
  ASSERT_EQ(positions->size(), 2u);
  EXPECT_EQ((*positions)[1].partition, 3);
  EXPECT_EQ((*positions)[1].next_offset, 7);
}

TEST_F(ClaimStoreTest, ScansClaimsInSourceThenIdOrder) {
  Apply({Claim("b", "1", 0), Claim("a", "2", 0), Claim("a", "10", 0), Claim("ab", "0", 0)});
  std::vector<std::string> seen;
  ASSERT_TRUE(store_
                  ->ForEachClaim([&](const StoredClaim& claim) {
                    seen.push_back(claim.source + "/" + claim.claim_id);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a/10", "a/2", "ab/0", "b/1"}));
}

TEST_F(ClaimStoreTest, CreatesMissingParentDirectories) {
  const auto nested = path_ / "data" / "claimwatch.db";
  auto store = ClaimStore::Open(StoreOptions{.path = nested.string()});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE(std::filesystem::exists(nested / "CURRENT"));
}

TEST_F(ClaimStoreTest, ReportsRocksDbStatistics) {
  Apply({Claim("s", "a", 0), Claim("s", "b", 0)});
  auto stats = store_->Stats();
  EXPECT_GT(stats.bytes_written, 0u);
  EXPECT_GT(stats.wal_bytes, 0u);
  EXPECT_EQ(stats.estimated_claims, 2u);
  EXPECT_GT(stats.memtable_bytes, 0u);
}

TEST(KeyEncodingTest, PositionKeysRoundTrip) {
  auto decoded = DecodePositionKey(PositionKey("claims", 70000));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->first, "claims");
  EXPECT_EQ(decoded->second, 70000);
  EXPECT_FALSE(DecodePositionKey("abc"));
  EXPECT_FALSE(DecodeClaimValue("short"));
  const std::string encoded = EncodeClaimValue(7, "payload", "normalised");
  auto value = DecodeClaimValue(encoded);
  ASSERT_TRUE(value);
  EXPECT_EQ(value->revision, 7);
  EXPECT_EQ(value->payload, "payload");
  EXPECT_EQ(value->normalised, "normalised");
  EXPECT_FALSE(DecodeClaimValue(encoded.substr(0, 15)));  // payload cut short
}

}  // namespace
}  // namespace claimwatch::storage
