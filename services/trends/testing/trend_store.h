#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "services/storage/claim_store.h"
#include "services/trends/aggregator.h"
#include "services/trends/testing/incidents.h"
#include "services/trends/trend_queries.h"

namespace claimwatch::trends::testing {

// A fixture with a store on disk (removed afterwards) and an aggregator over it.
class TrendStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("trends_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    Open();
  }
  void TearDown() override {
    aggregator_.reset();
    store_.reset();
    std::filesystem::remove_all(path_);
  }
  void Open() {
    aggregator_.reset();
    store_.reset();
    auto store = storage::ClaimStore::Open({.path = path_.string()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    aggregator_ = std::make_unique<Aggregator>(*store_, config_);
  }
  // Applies `changes` as one batch and commits it.
  AggregateCounts ApplyBatch(const std::vector<resolution::IncidentChange>& changes) {
    for (const auto& change : changes) {
      auto applied = aggregator_->Apply(change);
      EXPECT_TRUE(applied.ok()) << applied;
    }
    auto committed = aggregator_->Commit({});
    EXPECT_TRUE(committed.ok()) << committed.status();
    return committed.ok() ? *committed : AggregateCounts{};
  }
  AggregateCounts Put(const TestIncident& incident) { return ApplyBatch({Change(incident)}); }
  TrendQueries Queries() const { return TrendQueries(*store_); }

  std::filesystem::path path_;
  AggregateConfig config_{};
  std::unique_ptr<storage::ClaimStore> store_;
  std::unique_ptr<Aggregator> aggregator_;
};

}  // namespace claimwatch::trends::testing
