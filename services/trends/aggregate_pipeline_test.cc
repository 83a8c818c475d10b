#include "services/trends/aggregate_pipeline.h"

#include <gtest/gtest.h>

#include "prometheus/text_serializer.h"
#include "services/trends/testing/trend_store.h"

namespace claimwatch::trends {
namespace {

using testing::Change;
using testing::TestIncident;

// Serves keyed incident records from partition 0 of "incidents", `max_records` at a time.
class IncidentRecords : public records::RecordSource {
 public:
  explicit IncidentRecords(std::vector<resolution::IncidentChange> changes)
      : changes_(std::move(changes)) {}
  Result<std::span<const records::Record>> Poll(size_t max_records,
                                                std::chrono::milliseconds) override {
    records_.clear();
    for (; next_ < changes_.size() && records_.size() < max_records; ++next_) {
      const auto& change = changes_[next_];
      records_.push_back({"incidents", 0, static_cast<int64_t>(next_), change.id, change.value,
                          change.value.empty() ? change.version : 0});
    }
    return std::span<const records::Record>(records_);
  }
  void Acknowledge(std::span<const storage::SourcePosition> positions) override {
    acknowledged_.assign(positions.begin(), positions.end());
  }
  const std::vector<storage::SourcePosition>& acknowledged() const { return acknowledged_; }

 private:
  std::vector<resolution::IncidentChange> changes_;
  size_t next_ = 0;
  std::vector<records::Record> records_;
  std::vector<storage::SourcePosition> acknowledged_;
};

class AggregatePipelineTest : public testing::TrendStoreTest {
 protected:
  std::string Scrape() { return prometheus::TextSerializer().Serialize(registry_.Collect()); }
  prometheus::Registry registry_;
  TrendMetrics metrics_{registry_, {.groups = {"ispp", "ttp"}, .provinces = {"PK-BA"}}};
};

TEST_F(AggregatePipelineTest, SkipsAnInvalidIncidentCountsItAndCommitsTheOffsets) {
  IncidentRecords source({Change({.id = "inc-a"}),
                          {"inc-b", 1, R"({"schema":"incident.v1","incident_id":"inc-b"})"},
                          {"inc-a", 2, ""},
                          Change({.id = "inc-c", .groups = {"ttp"}})});
  AggregatePipeline pipeline(source, *aggregator_, metrics_, {.batch_max_records = 10});
  auto read = pipeline.RunOnce();
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, 4u);
  EXPECT_EQ(*store_->NextOffset("incidents", 0), 4);
  ASSERT_EQ(source.acknowledged().size(), 1u);
  EXPECT_EQ(source.acknowledged()[0].next_offset, 4);
  const std::string text = Scrape();
  EXPECT_NE(text.find(R"(claimwatch_aggregate_incidents_total{change="rejected"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(claimwatch_aggregate_incidents_total{change="deleted"} 1)"),
            std::string::npos);
  auto counters = testing::StoredCounters(*store_);
  EXPECT_EQ(counters.at(CounterKey({"all"}, "2022-10-14")), 1);  // inc-c only
}

TEST_F(AggregatePipelineTest, GaugesCoverKnownGroupsAndProvincesOnly) {
  Put({.id = "inc-a", .event_date = "2022-10-14", .province = "PK-BA", .groups = {"ispp"}});
  Put({.id = "inc-b", .event_date = "2022-10-20", .province = "PK-SD", .groups = {"newgroup"}});
  ASSERT_TRUE(metrics_.RefreshGauges(Queries(), ToDay(2022, 10, 31)).ok());
  const std::string text = Scrape();
  EXPECT_NE(text.find(R"(claimwatch_attacks{group="ispp",province="PK-BA",window="30d"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(claimwatch_attacks{group="ispp",province="all",window="7d"} 0)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(claimwatch_attacks{group="all",province="all",window="30d"} 2)"),
            std::string::npos);
  EXPECT_EQ(text.find("newgroup"), std::string::npos);
  EXPECT_EQ(text.find(R"(group="ttp")"), std::string::npos);  // no attack yet: no series
  EXPECT_NE(text.find(R"(claimwatch_newest_event_timestamp_seconds{group="ispp"} 1665705600)"),
            std::string::npos);
  Put({.id = "inc-c", .event_date = "2022-10-21", .groups = {"ispp", "ttp"}});
  Put({.id = "inc-d", .event_date = "2022-10-22", .groups = {"ispp", "newgroup"}});
  ASSERT_TRUE(metrics_.RefreshGauges(Queries(), ToDay(2022, 10, 31)).ok());
  EXPECT_NE(Scrape().find(R"(claimwatch_coclaims{group_a="ispp",group_b="ttp"} 1)"),
            std::string::npos)
      << Scrape();
  EXPECT_EQ(Scrape().find(R"(group_b="newgroup")"), std::string::npos);
  // A series stays once shown, at 0 when its windows empty.
  ASSERT_TRUE(metrics_.RefreshGauges(Queries(), ToDay(2024, 1, 1)).ok());
  EXPECT_NE(Scrape().find(R"(claimwatch_attacks{group="ispp",province="PK-BA",window="365d"} 0)"),
            std::string::npos);
}

}  // namespace
}  // namespace claimwatch::trends
