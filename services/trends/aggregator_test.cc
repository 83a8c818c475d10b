#include "services/trends/aggregator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "absl/strings/match.h"
#include "services/trends/testing/trend_store.h"

namespace claimwatch::trends {
namespace {

using testing::Change;
using testing::TestIncident;
using testing::Tombstone;

class AggregatorTest : public testing::TrendStoreTest {
 protected:
  // The count of one series in one bucket.
  int64_t Count(const SeriesKey& series, const std::string& bucket) {
    auto counters = testing::StoredCounters(*store_);
    auto it = counters.find(CounterKey(series, bucket));
    return it == counters.end() ? 0 : it->second;
  }
};

TEST_F(AggregatorTest, CountsAnIncidentOncePerClaimantGroupAndOnceInAll) {
  auto counts = Put({.id = "inc-a", .province = "PK-PB", .groups = {"ispp", "ttp"}});
  EXPECT_EQ(counts.created, 1u);
  EXPECT_EQ(Count({"ispp"}, "2022-10-14"), 1);
  EXPECT_EQ(Count({"ttp"}, "2022-10-14"), 1);
  EXPECT_EQ(Count({"all"}, "2022-10-14"), 1);
  EXPECT_EQ(Count({"all", "PK-PB"}, "2022-10-14"), 1);
  EXPECT_EQ(Count({"ttp", "PK-PB", "3", "3"}, "2022-10-14"), 1);
  EXPECT_EQ(Count({"ttp", "PK-PB", "3", "all"}, "2022-10-14"), 1);
  EXPECT_EQ(Count({"ttp", "PK-BA"}, "2022-10-14"), 0);
  EXPECT_EQ(counts.groups, (std::set<std::string>{"ispp", "ttp"}));
}

TEST_F(AggregatorTest, MonthPrecisionCountsInItsMonthNotInADay) {
  Put({.id = "inc-m", .event_date = "2022-10", .precision = "month"});
  EXPECT_EQ(Count({"ispp"}, "2022-10"), 1);
  auto counters = testing::StoredCounters(*store_);
  for (const auto& [key, count] : counters) {
    EXPECT_EQ(key.substr(key.rfind('\0') + 1), "2022-10");
  }
}

TEST_F(AggregatorTest, RepeatedOrOlderVersionsChangeNothing) {
  Put({.id = "inc-a", .version = 3});
  auto before = testing::StoredCounters(*store_);
  auto counts = ApplyBatch({Change({.id = "inc-a", .version = 3, .province = "PK-SD"}),
                            Change({.id = "inc-a", .version = 2, .province = "PK-PB"})});
  EXPECT_EQ(counts.stale, 2u);
  EXPECT_EQ(testing::StoredCounters(*store_), before);
}

TEST_F(AggregatorTest, ACorrectionMovesTheIncidentBetweenProvinces) {
  Put({.id = "inc-a", .version = 1, .province = "PK-PB"});
  auto counts = Put({.id = "inc-a", .version = 2, .province = "PK-BA"});
  EXPECT_EQ(counts.updated, 1u);
  EXPECT_EQ(Count({"ispp", "PK-PB"}, "2022-10-14"), 0);
  EXPECT_EQ(Count({"ispp", "PK-BA"}, "2022-10-14"), 1);
  EXPECT_EQ(Count({"ispp"}, "2022-10-14"), 1);
}

TEST_F(AggregatorTest, ACorrectionMovesTheIncidentBetweenDaysAndClaimants) {
  Put({.id = "inc-a", .version = 1, .event_date = "2022-10-14", .groups = {"ispp"}});
  Put({.id = "inc-a", .version = 2, .event_date = "2022-10-13", .groups = {"ispp", "ttp"}});
  EXPECT_EQ(Count({"ispp"}, "2022-10-14"), 0);
  EXPECT_EQ(Count({"ispp"}, "2022-10-13"), 1);
  EXPECT_EQ(Count({"ttp"}, "2022-10-13"), 1);
  EXPECT_EQ(Count({"all"}, "2022-10-13"), 1);
}

TEST_F(AggregatorTest, ATombstoneRemovesTheCountsAndOlderVersionsStayOut) {
  Put({.id = "inc-a", .version = 1});
  auto counts = ApplyBatch({Tombstone("inc-a", 2)});
  EXPECT_EQ(counts.deleted, 1u);
  EXPECT_TRUE(testing::StoredCounters(*store_).empty());
  counts = ApplyBatch({Change({.id = "inc-a", .version = 1}), Tombstone("inc-a", 2)});
  EXPECT_EQ(counts.stale, 2u);
  EXPECT_TRUE(testing::StoredCounters(*store_).empty());
  Put({.id = "inc-a", .version = 3});  // the incident came back
  EXPECT_EQ(Count({"all"}, "2022-10-14"), 1);
}

// Found by the integration test: a second tombstone used to leave the version of the first, so
// a version between the two came back to life.
TEST_F(AggregatorTest, ASecondTombstoneRaisesTheVersionTooSoOlderVersionsStayOut) {
  ApplyBatch({Change({.id = "inc-a", .version = 1}), Tombstone("inc-a", 2)});
  ApplyBatch({Tombstone("inc-a", 4)});
  auto counts = ApplyBatch({Change({.id = "inc-a", .version = 3})});
  EXPECT_EQ(counts.stale, 1u);
  EXPECT_TRUE(testing::StoredCounters(*store_).empty());
}

TEST_F(AggregatorTest, LateChangesAreAppliedAndCountedByGrace) {
  config_.grace_days = 30;
  Open();
  Put({.id = "inc-new", .event_date = "2022-10-31"});
  auto within = Put({.id = "inc-late", .event_date = "2022-10-10"});
  EXPECT_EQ(within.late_within_grace, 1u);
  EXPECT_EQ(within.late_beyond_grace, 0u);
  auto beyond = Put({.id = "inc-old", .event_date = "2021-05-01"});
  EXPECT_EQ(beyond.late_beyond_grace, 1u);
  EXPECT_EQ(Count({"all"}, "2021-05-01"), 1);
  // Moving a recent incident into the past is late too; a change that moves no count is not.
  EXPECT_EQ(Put({.id = "inc-new", .version = 2, .event_date = "2022-01-01"}).late_beyond_grace, 1u);
  auto same = ApplyBatch({Change({.id = "inc-old", .version = 2, .event_date = "2021-05-01"})});
  EXPECT_EQ(same.late_within_grace + same.late_beyond_grace, 0u);
}

TEST_F(AggregatorTest, RejectsAnInvalidIncidentNamingTheFieldAndChangesNothing) {
  Put({.id = "inc-a"});
  auto before = testing::StoredCounters(*store_);
  auto bad = Change({.id = "inc-a", .version = 2});
  bad.value.replace(bad.value.find("\"2022-10-14\""), 12, "\"2022-02-30\"");
  auto applied = aggregator_->Apply(bad);
  EXPECT_TRUE(absl::IsInvalidArgument(applied)) << applied;
  EXPECT_TRUE(absl::StartsWith(applied.message(), "event_date:")) << applied;
  auto mismatched = aggregator_->Apply({"inc-b", 1, Change({.id = "inc-a", .version = 5}).value});
  EXPECT_TRUE(absl::StartsWith(mismatched.message(), "incident_id:")) << mismatched;
  EXPECT_TRUE(
      absl::StartsWith(aggregator_->Apply({"inc-a", 1, "{not json"}).message(), "incident:"));
  auto counts = aggregator_->Commit({});
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->rejected, 3u);
  EXPECT_EQ(testing::StoredCounters(*store_), before);
}

TEST(IncidentSummaryTest, ReadsTheAttackSubtypeAndRejectsANumber) {
  auto json = nlohmann::json::parse(testing::IncidentJson({.id = "inc-a"}));
  auto absent = SummaryFromJson(json.dump());
  ASSERT_TRUE(absent.ok()) << absent.status();
  EXPECT_EQ(absent->attack_subtype, "");
  json["attack_subtype"] = nullptr;
  EXPECT_EQ(SummaryFromJson(json.dump())->attack_subtype, "");
  json["attack_subtype"] = "ied";
  auto ied = SummaryFromJson(json.dump());
  ASSERT_TRUE(ied.ok()) << ied.status();
  EXPECT_EQ(ied->attack_subtype, "ied");
  EXPECT_EQ(CounterKeysOf(*ied), CounterKeysOf(*absent)) << "not a series dimension";
  json["attack_subtype"] = 3;
  auto number = SummaryFromJson(json.dump());
  ASSERT_FALSE(number.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(number.status())) << number.status();
  EXPECT_EQ(number.status().message(), "attack_subtype: expected string or null");
}

TEST_F(AggregatorTest, CommitsOffsetsWithTheCounts) {
  ASSERT_TRUE(aggregator_->Apply(Change({.id = "inc-a"})).ok());
  ASSERT_TRUE(aggregator_->Commit({{{"incidents", 2, 41}}}).ok());
  Open();
  EXPECT_EQ(*store_->NextOffset("incidents", 2), 41);
  EXPECT_EQ(Count({"all"}, "2022-10-14"), 1);
}

TEST_F(AggregatorTest, AbandonForgetsTheBatch) {
  ASSERT_TRUE(aggregator_->Apply(Change({.id = "inc-a"})).ok());
  aggregator_->Abandon();
  ASSERT_TRUE(aggregator_->Commit({}).ok());
  EXPECT_TRUE(testing::StoredCounters(*store_).empty());
}

// Random histories of 60 incidents (new versions moving date, place, claimants and types;
// deletions), delivered out of order with repeats and in random batches, end equal to a
// recomputation from the latest version of each incident.
TEST_F(AggregatorTest, EqualsARecomputationFromTheLatestVersions) {
  std::mt19937 random(7);
  const std::vector<std::string> provinces = {"PK-BA", "PK-PB", "PK-SD", "unknown"};
  const std::vector<std::string> groups = {"ispp", "ttp", "iskp", "unresolved"};
  std::vector<resolution::IncidentChange> history;
  std::map<std::string, std::string> latest;  // id → value ("" = deleted)
  for (int i = 0; i < 60; ++i) {
    const std::string id = "inc-" + std::to_string(i);
    const int versions = 1 + static_cast<int>(random() % 4);
    for (int version = 1; version <= versions; ++version) {
      if (version > 1 && random() % 5 == 0) {
        history.push_back(Tombstone(id, version));
        latest[id] = "";
        continue;
      }
      TestIncident incident{.id = id, .version = version};
      const int day = static_cast<int>(random() % 800);
      incident.event_date = FormatDay(ToDay(2021, 1, 1) + day);
      if (random() % 6 == 0) {
        incident.event_date = incident.event_date.substr(0, 7);
        incident.precision = "month";
      }
      incident.province = provinces[random() % provinces.size()];
      incident.groups = {groups[random() % groups.size()]};
      if (random() % 3 == 0) incident.groups.push_back(groups[random() % groups.size()]);
      std::sort(incident.groups.begin(), incident.groups.end());
      incident.groups.erase(std::unique(incident.groups.begin(), incident.groups.end()),
                            incident.groups.end());
      incident.attack_type = 1 + static_cast<int>(random() % 3);
      history.push_back(Change(incident));
      latest[id] = history.back().value;
    }
  }
  for (int round = 0; round < 3; ++round) {
    std::vector<resolution::IncidentChange> deliveries = history;
    for (int i = 0; i < 40; ++i) deliveries.push_back(history[random() % history.size()]);
    std::shuffle(deliveries.begin(), deliveries.end(), random);
    for (size_t at = 0; at < deliveries.size();) {
      const size_t size = 1 + random() % 30;
      ApplyBatch(
          {deliveries.begin() + at, deliveries.begin() + std::min(deliveries.size(), at + size)});
      at += size;
    }
    std::vector<std::string> values;
    for (const auto& [id, value] : latest) {
      if (!value.empty()) values.push_back(value);
    }
    ASSERT_EQ(testing::StoredCounters(*store_), testing::Recount(values)) << "round " << round;
  }
}

}  // namespace
}  // namespace claimwatch::trends
