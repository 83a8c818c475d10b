#include "services/trends/trend_queries.h"

#include <gtest/gtest.h>

#include "nlohmann/json.hpp"
#include "services/trends/testing/trend_store.h"
#include "services/trends/trend_json.h"

namespace claimwatch::trends {
namespace {

using testing::Change;
using testing::TestIncident;

class TrendQueriesTest : public testing::TrendStoreTest {
 protected:
  std::vector<int64_t> SeriesCounts(Interval interval, Day first, Day last, SeriesKey series = {}) {
    auto result = Queries().GetSeries({series, interval, first, last});
    EXPECT_TRUE(result.ok()) << result.status();
    std::vector<int64_t> counts;
    if (result.ok()) {
      for (const auto& point : result->points) counts.push_back(point.count);
    }
    return counts;
  }
  // Window counts ending at `as_of`, in the order 7, 30, 90, 365 days.
  std::vector<int64_t> Windows(std::string_view as_of, SeriesKey series = {}) {
    auto result = Queries().GetTrends({series, *ParseDay(as_of)});
    EXPECT_TRUE(result.ok()) << result.status();
    std::vector<int64_t> counts;
    if (result.ok()) {
      for (const auto& window : result->windows) counts.push_back(window.count);
    }
    return counts;
  }
  void PutDays(const std::vector<std::string>& days) {
    std::vector<resolution::IncidentChange> changes;
    for (const auto& day : days) changes.push_back(Change({.id = "inc-" + day, .event_date = day}));
    ApplyBatch(changes);
  }
};

TEST_F(TrendQueriesTest, MonthlySeriesHasZerosAndCountsMonthPrecisionInItsMonth) {
  PutDays({"2022-09-02", "2022-09-30", "2022-10-01", "2022-12-31"});
  Put({.id = "inc-m", .event_date = "2022-10", .precision = "month"});
  Put({.id = "inc-y", .event_date = "2022", .precision = "year"});
  auto series = Queries().GetSeries({{},
                                     Interval::kMonth,
                                     FirstDayOfMonth(*ParseMonth("2022-08")),
                                     FirstDayOfMonth(*ParseMonth("2023-01"))});
  ASSERT_TRUE(series.ok());
  std::vector<std::pair<std::string, int64_t>> points;
  for (const auto& point : series->points) points.emplace_back(point.period, point.count);
  EXPECT_EQ(points, (std::vector<std::pair<std::string, int64_t>>{{"2022-08", 0},
                                                                  {"2022-09", 2},
                                                                  {"2022-10", 2},
                                                                  {"2022-11", 0},
                                                                  {"2022-12", 1},
                                                                  {"2023-01", 0}}));
  EXPECT_EQ(series->coarser, 1);  // the year-precision incident
  EXPECT_EQ(SeriesCounts(Interval::kYear, ToDay(2022, 1, 1), ToDay(2022, 1, 1)),
            std::vector<int64_t>{6});
}

TEST_F(TrendQueriesTest, WeeklySeriesUsesIsoWeeksAcrossTheYearEnd) {
  PutDays({"2020-12-31", "2021-01-03", "2021-01-04"});
  Put({.id = "inc-m", .event_date = "2021-01", .precision = "month"});
  auto series = Queries().GetSeries(
      {{}, Interval::kWeek, *ParseIsoWeek("2020-W53"), *ParseIsoWeek("2021-W01")});
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->points.size(), 2u);
  EXPECT_EQ(series->points[0].period, "2020-W53");
  EXPECT_EQ(series->points[0].count, 2);
  EXPECT_EQ(series->points[1].period, "2021-W01");
  EXPECT_EQ(series->points[1].count, 1);
  EXPECT_EQ(series->coarser, 1);  // January 2021 is in no single week
}

TEST_F(TrendQueriesTest, RollingWindowsAtMonthAndYearBoundaries) {
  PutDays({"2021-12-25", "2022-01-01", "2022-10-25", "2022-10-31", "2022-11-01"});
  EXPECT_EQ(Windows("2022-10-31"), (std::vector<int64_t>{2, 2, 2, 4}));
  EXPECT_EQ(Windows("2022-01-01"), (std::vector<int64_t>{1, 2, 2, 2}));
  EXPECT_EQ(Windows("2021-12-31"), (std::vector<int64_t>{1, 1, 1, 1}));
  EXPECT_EQ(Windows("2022-12-24"), (std::vector<int64_t>{0, 0, 3, 5}));
  // 365 days ending 2022-12-31 start 2022-01-01: 2021-12-25 is out.
  EXPECT_EQ(Windows("2022-12-31"), (std::vector<int64_t>{0, 0, 3, 4}));
  EXPECT_EQ(Windows("2022-12-25"), (std::vector<int64_t>{0, 0, 3, 4}));
}

TEST_F(TrendQueriesTest, RollingWindowsOverALeapDay) {
  PutDays({"2024-02-29", "2023-03-01", "2023-03-02"});
  // 365 days ending 2024-02-29 start 2023-03-02 (2024 is a leap year).
  EXPECT_EQ(Windows("2024-02-29"), (std::vector<int64_t>{1, 1, 1, 2}));
  EXPECT_EQ(Windows("2024-03-06"), (std::vector<int64_t>{1, 1, 1, 1}));
  auto trends = Queries().GetTrends({{}, *ParseDay("2024-02-29")});
  ASSERT_TRUE(trends.ok());
  EXPECT_EQ(FormatDay(trends->windows[3].from), "2023-03-02");
  EXPECT_EQ(FormatDay(trends->windows[0].previous_to), "2023-02-28");
}

TEST_F(TrendQueriesTest, AMonthPrecisionIncidentCountsInWindowsHoldingAllOfItsMonth) {
  Put({.id = "inc-m", .event_date = "2022-10", .precision = "month"});
  // 30 days ending 31 October start 2 October: not all of October.
  EXPECT_EQ(Windows("2022-10-31"), (std::vector<int64_t>{0, 0, 1, 1}));
  EXPECT_EQ(Windows("2022-11-30"), (std::vector<int64_t>{0, 0, 1, 1}));
}

TEST_F(TrendQueriesTest, YearOverYearChangeComparesTheSameWindowAYearEarlier) {
  PutDays({"2021-10-20", "2022-10-20", "2022-10-21", "2022-10-22"});
  auto trends = Queries().GetTrends({{}, *ParseDay("2022-10-31")});
  ASSERT_TRUE(trends.ok());
  const auto& month = trends->windows[1];
  EXPECT_EQ(month.count, 3);
  EXPECT_EQ(month.previous, 1);
  auto json = nlohmann::json::parse(TrendsToJson(*trends));
  EXPECT_EQ(json["windows"][1]["window"], "30d");
  EXPECT_EQ(json["windows"][1]["change"], 2);
  EXPECT_DOUBLE_EQ(json["windows"][1]["change_ratio"].get<double>(), 2.0);
  EXPECT_TRUE(json["windows"][0]["change_ratio"].is_null() ||
              json["windows"][0]["previous_year"]["count"] != 0);
}

TEST_F(TrendQueriesTest, SeriesFilterByGroupProvinceAndAttackType) {
  Put({.id = "inc-a", .province = "PK-BA", .groups = {"ispp"}, .attack_type = 2});
  Put({.id = "inc-b", .province = "PK-PB", .groups = {"ispp", "ttp"}, .attack_type = 3});
  const Day october = FirstDayOfMonth(*ParseMonth("2022-10"));
  EXPECT_EQ(SeriesCounts(Interval::kMonth, october, october, {"ispp"}), std::vector<int64_t>{2});
  EXPECT_EQ(SeriesCounts(Interval::kMonth, october, october, {"ttp"}), std::vector<int64_t>{1});
  EXPECT_EQ(SeriesCounts(Interval::kMonth, october, october, {"all", "PK-BA"}),
            std::vector<int64_t>{1});
  EXPECT_EQ(SeriesCounts(Interval::kMonth, october, october, {"ispp", "all", "3"}),
            std::vector<int64_t>{1});
  EXPECT_EQ(SeriesCounts(Interval::kMonth, october, october, {"iskp"}), std::vector<int64_t>{0});
}

TEST_F(TrendQueriesTest, ListsIncidentsInDateOrderWithFiltersAndCursors) {
  Put({.id = "inc-3", .event_date = "2022-10-03", .groups = {"ispp", "ttp"}});
  Put({.id = "inc-1", .event_date = "2022-10-01", .province = "PK-SD"});
  Put({.id = "inc-2", .event_date = "2022-10-02"});
  Put({.id = "inc-m", .event_date = "2022-10", .precision = "month"});
  Put({.id = "inc-9", .event_date = "2022-09-30"});
  auto ids = [](const IncidentPage& page) {
    std::vector<std::string> out;
    for (const auto& json : page.incidents)
      out.push_back(nlohmann::json::parse(json)["incident_id"]);
    return out;
  };
  IncidentQuery query{.from = ParseDay("2022-10-01"), .to = ParseDay("2022-10-31"), .limit = 2};
  auto page = Queries().GetIncidents(query);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"inc-m", "inc-1"}));
  ASSERT_FALSE(page->next.empty());
  query.after = page->next;
  page = Queries().GetIncidents(query);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(ids(*page), (std::vector<std::string>{"inc-2", "inc-3"}));
  EXPECT_TRUE(page->next.empty());
  page = Queries().GetIncidents({.contested = true});
  EXPECT_EQ(ids(*page), std::vector<std::string>{"inc-3"});
  page = Queries().GetIncidents({.group = "ttp"});
  EXPECT_EQ(ids(*page), std::vector<std::string>{"inc-3"});
  page = Queries().GetIncidents({.province = "PK-SD"});
  EXPECT_EQ(ids(*page), std::vector<std::string>{"inc-1"});
  auto json = nlohmann::json::parse(IncidentPageToJson(*page));
  EXPECT_TRUE(json["next_cursor"].is_null());
}

TEST_F(TrendQueriesTest, CoClaimsCountIncidentsPerPairInTheWindow) {
  Put({.id = "inc-1", .event_date = "2022-01-30", .groups = {"ispp", "ttp"}});
  Put({.id = "inc-2", .event_date = "2022-05-02", .groups = {"iskp", "ttp"}});
  Put({.id = "inc-3", .event_date = "2022-06-02", .groups = {"iskp", "ttp"}});
  Put({.id = "inc-4", .event_date = "2022-07-02", .groups = {"iskp", "ttp", "unresolved"}});
  Put({.id = "inc-5", .event_date = "2021-01-02", .groups = {"iskp", "ttp"}});  // out of window
  Put({.id = "inc-6", .event_date = "2022-03", .precision = "month", .groups = {"ispp", "ttp"}});
  auto coclaims = Queries().GetCoClaims({ToDay(2022, 12, 31), 365});
  ASSERT_TRUE(coclaims.ok()) << coclaims.status();
  ASSERT_EQ(coclaims->pairs.size(), 2u);
  EXPECT_EQ(coclaims->pairs[0].group_a, "iskp");
  EXPECT_EQ(coclaims->pairs[0].group_b, "ttp");
  EXPECT_EQ(coclaims->pairs[0].count, 3);
  EXPECT_EQ(coclaims->pairs[1].count, 2);  // ispp–ttp: a day and a month inside the window
  // A correction that drops a claimant takes the incident out of the pair.
  Put({.id = "inc-3", .version = 2, .event_date = "2022-06-02", .groups = {"iskp"}});
  coclaims = Queries().GetCoClaims({ToDay(2022, 12, 31), 365});
  EXPECT_EQ(coclaims->pairs[0].count, 2);
  EXPECT_EQ(Queries().GetCoClaims({ToDay(2022, 2, 28), 30})->pairs.size(), 1u);  // from 30 Jan
  EXPECT_EQ(Queries().GetCoClaims({ToDay(2022, 2, 28), 29})->pairs.size(), 0u);
}

TEST_F(TrendQueriesTest, WatermarkAndNewestDayPerGroup) {
  auto none = Queries().Watermark();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  Put({.id = "inc-a", .event_date = "2022-10-14", .groups = {"ispp"}});
  Put({.id = "inc-b", .event_date = "2022-11-02", .groups = {"ttp"}});
  Put({.id = "inc-c", .event_date = "2022-12", .precision = "month", .groups = {"ispp"}});
  EXPECT_EQ(**Queries().Watermark(), ToDay(2022, 11, 2));
  EXPECT_EQ(**Queries().NewestDay({"ispp"}), ToDay(2022, 10, 14));
}

}  // namespace
}  // namespace claimwatch::trends
