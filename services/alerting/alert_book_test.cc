#include "services/alerting/alert_book.h"

#include <gtest/gtest.h>

#include "nlohmann/json.hpp"
#include "services/alerting/testing/surge_history.h"
#include "services/trends/testing/trend_store.h"

namespace claimwatch::alerting {
namespace {

using nlohmann::json;
using trends::ToDay;
using trends::testing::Change;
using trends::testing::Tombstone;

// The monthly rule only, so that each surge is one alert.
AlertPolicy MonthlyOnly() {
  AlertPolicy policy;
  policy.surges.resize(1);
  return policy;
}

class AlertBookTest : public trends::testing::TrendStoreTest {
 protected:
  void SetUp() override {
    TrendStoreTest::SetUp();
    evaluator_.emplace(*store_, MonthlyOnly(), AlertScope{.groups = {"iskp"}});
  }
  AlertEngine Engine() {
    return AlertEngine(*store_, *evaluator_,
                       [this](std::span<const std::string> alerts) -> Result<> {
                         if (fail_publish_) return Unavailable("alerts: broker down");
                         for (const auto& alert : alerts) published_.push_back(json::parse(alert));
                         return absl::OkStatus();
                       });
  }
  std::vector<json> Book() {
    auto entries = AlertBook(*store_).All();
    EXPECT_TRUE(entries.ok());
    std::vector<json> alerts;
    for (const auto& entry : *entries) alerts.push_back(json::parse(entry.alert.json));
    return alerts;
  }

  std::optional<AlertEvaluator> evaluator_;
  std::vector<json> published_;
  bool fail_publish_ = false;
};

TEST_F(AlertBookTest, OpensUpdatesAndResolvesWithAVersionPerChangeAndNoRepeatsAfterARestart) {
  ApplyBatch(testing::QuietYearThenSurge("iskp", "PK-KP"));
  ASSERT_TRUE(Engine().Sweep(ToDay(2023, 10, 31)).ok());
  ASSERT_EQ(published_.size(), 1u);
  const auto opened = published_[0];
  EXPECT_EQ(opened["state"], "open");
  EXPECT_EQ(opened["version"], 1);
  EXPECT_EQ(opened["opened_on"], "2023-10-31");
  // Evaluating again, or after a restart (a new engine over the same store), changes nothing.
  ASSERT_TRUE(Engine().Sweep(ToDay(2023, 10, 31)).ok());
  EXPECT_EQ(published_.size(), 1u);
  // November still alarms: the evidence moves on (version 2); two quiet months resolve it (3).
  ASSERT_TRUE(Engine().Sweep(ToDay(2023, 11, 30)).ok());
  ASSERT_EQ(published_.size(), 2u);
  EXPECT_EQ(published_[1]["version"], 2);
  EXPECT_EQ(published_[1]["evidence"]["period"], "2023-11");
  ASSERT_TRUE(Engine().Sweep(ToDay(2024, 1, 31)).ok());
  ASSERT_EQ(published_.size(), 3u);
  EXPECT_EQ(published_[2]["state"], "resolved");
  EXPECT_EQ(published_[2]["version"], 3);
  EXPECT_EQ(published_[2]["alert_id"], opened["alert_id"]);
  const auto book = Book();
  ASSERT_EQ(book.size(), 1u);
  EXPECT_EQ(book[0], published_[2]);
}

TEST_F(AlertBookTest, LateDataReEvaluatesOnlyTheSeriesItMoved) {
  ApplyBatch(testing::QuietYearThenSurge("iskp", "PK-KP"));
  auto engine = Engine();
  ASSERT_TRUE(engine.Sweep(ToDay(2023, 10, 31)).ok());
  published_.clear();
  // Five more attacks turn up, dated 10 October: the open alert's evidence changes.
  std::vector<resolution::IncidentChange> late;
  for (int i = 0; i < 5; ++i) {
    late.push_back(Change({.id = "late-" + std::to_string(i),
                           .event_date = "2023-10-10",
                           .province = "PK-KP",
                           .groups = {"iskp"}}));
  }
  const auto counts = ApplyBatch(late);
  auto published = engine.OnCommit(counts, ToDay(2023, 10, 31));
  ASSERT_TRUE(published.ok()) << published.status();
  ASSERT_EQ(published_.size(), 1u);
  EXPECT_EQ(published_[0]["evidence"]["observed"], 13);
  EXPECT_EQ(published_[0]["version"], 2);
  // A batch that moves nothing (a repeated version) re-evaluates nothing.
  EXPECT_EQ(*engine.OnCommit(ApplyBatch({late[0]}), ToDay(2023, 10, 31)), 0u);
}

TEST_F(AlertBookTest, AnAlertTheDataNoLongerSupportsIsWithdrawn) {
  const auto history = testing::QuietYearThenSurge("iskp", "PK-KP");
  ApplyBatch(history);
  auto engine = Engine();
  ASSERT_TRUE(engine.Sweep(ToDay(2023, 10, 31)).ok());
  // The October attacks were one incident reported eight times: seven are deleted.
  std::vector<resolution::IncidentChange> deletions;
  for (int day = 2; day <= 8; ++day) {
    deletions.push_back(Tombstone("surge-" + std::to_string(day), 2));
  }
  ASSERT_TRUE(engine.OnCommit(ApplyBatch(deletions), ToDay(2023, 10, 31)).ok());
  ASSERT_EQ(published_.size(), 2u);
  EXPECT_EQ(published_[1]["alert_id"], published_[0]["alert_id"]);
  EXPECT_EQ(published_[1]["state"], "resolved");
  EXPECT_EQ(published_[1]["withdrawn"], true);
  EXPECT_EQ(published_[1]["resolved_on"], "2023-10-31");
  EXPECT_EQ(published_[1]["version"], 2);
  // Withdrawn stays withdrawn: nothing more to publish.
  ASSERT_TRUE(engine.Sweep(ToDay(2023, 10, 31)).ok());
  EXPECT_EQ(published_.size(), 2u);
}

TEST_F(AlertBookTest, AChangeThatCouldNotBePublishedIsPublishedAgain) {
  ApplyBatch(testing::QuietYearThenSurge("iskp", "PK-KP"));
  fail_publish_ = true;
  auto failed = Engine().Sweep(ToDay(2023, 10, 31));
  EXPECT_TRUE(absl::IsUnavailable(failed.status())) << failed.status();
  EXPECT_TRUE(Book().empty());  // published first, then recorded: nothing recorded
  fail_publish_ = false;
  ASSERT_TRUE(Engine().Sweep(ToDay(2023, 10, 31)).ok());
  ASSERT_EQ(published_.size(), 1u);
  EXPECT_EQ(published_[0]["version"], 1);
  EXPECT_EQ(Book().size(), 1u);
}

// Evaluated up to a day in the middle of a month, the month counts only the days up to it.
TEST_F(AlertBookTest, AnEvaluationUpToADayNeverSeesTheDaysAfterIt) {
  ApplyBatch(testing::QuietYearThenSurge("iskp", "PK-KP"));  // 1–8 October 2023
  const std::string series =
      "surge\x1fmonthly\x1fiskp\x1f"
      "all";
  EXPECT_TRUE(evaluator_->Evaluate(series, ToDay(2023, 10, 3))->empty());  // 3 against 2
  auto alerts = evaluator_->Evaluate(series, ToDay(2023, 10, 8));
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  const auto alert = json::parse((*alerts)[0].json);
  EXPECT_EQ(alert["evidence"]["observed"], 8);
  // Dated the last day evaluated, not the end of the month still running.
  EXPECT_EQ(alert["opened_on"], "2023-10-08");
  EXPECT_EQ(alert["evidence"]["window"]["to"], "2023-10-08");
  EXPECT_EQ(alert["evidence"]["period"], "2023-10");
}

// Novelty keys follow corrections: an incident moved to another town leaves the old town's
// attacks and joins the new one's.
TEST_F(AlertBookTest, NoveltyFollowsACorrectedTown) {
  AlertEvaluator evaluator(*store_, MonthlyOnly(), {.groups = {"ispp"}});
  Put({.id = "a", .event_date = "2019-05-24", .province = "PK-SD", .place = "Karachi"});
  Put({.id = "b", .event_date = "2022-10-01", .province = "PK-SD", .place = "Hyderabad"});
  const std::string karachi = "novelty\x1fispp\x1fplace\x1fPK-SD\x1fKarachi";
  EXPECT_TRUE(evaluator.Evaluate(karachi, ToDay(2022, 10, 31))->empty());
  const auto counts = Put({.id = "b",
                           .version = 2,
                           .event_date = "2022-10-01",
                           .province = "PK-SD",
                           .place = "Karachi"});
  const auto touched = evaluator.SeriesOf(counts.moved.back());
  EXPECT_NE(std::find(touched.begin(), touched.end(), karachi), touched.end());
  auto alerts = evaluator.Evaluate(karachi, ToDay(2022, 10, 31));
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(json::parse((*alerts)[0].json)["evidence"]["previous_on"], "2019-05-24");
  EXPECT_TRUE(
      evaluator.Evaluate("novelty\x1fispp\x1fplace\x1fPK-SD\x1fHyderabad", ToDay(2022, 10, 31))
          ->empty());
}

}  // namespace
}  // namespace claimwatch::alerting
