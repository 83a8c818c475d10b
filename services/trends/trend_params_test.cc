#include "services/trends/trend_params.h"

#include <gtest/gtest.h>

namespace claimwatch::trends {
namespace {

const Day kToday = ToDay(2022, 11, 26);

std::string ErrorOf(const absl::Status& status) { return std::string(status.message()); }

TEST(TrendParamsTest, SeriesDefaultsToTwelveMonthsEndingThisMonth) {
  auto query = SeriesQueryFrom({}, kToday);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->series.group, "all");
  EXPECT_EQ(query->interval, Interval::kMonth);
  EXPECT_EQ(FormatPeriod(Interval::kMonth, query->first), "2021-12");
  EXPECT_EQ(FormatPeriod(Interval::kMonth, query->last), "2022-11");
}

TEST(TrendParamsTest, SeriesTakesPeriodsOrDates) {
  auto query = SeriesQueryFrom({{"group", "ispp"},
                                {"province", "PK-BA"},
                                {"attack_type", "6"},
                                {"interval", "week"},
                                {"from", "2022-W01"},
                                {"to", "2022-10-14"}},
                               kToday);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->series.attack_type, "6");
  EXPECT_EQ(FormatPeriod(Interval::kWeek, query->first), "2022-W01");
  EXPECT_EQ(FormatPeriod(Interval::kWeek, query->last), "2022-W41");
  auto years = SeriesQueryFrom({{"interval", "year"}, {"from", "2019"}, {"to", "2022"}}, kToday);
  ASSERT_TRUE(years.ok()) << years.status();
  EXPECT_EQ(FormatPeriod(Interval::kYear, years->first), "2019");
}

TEST(TrendParamsTest, SeriesErrorsNameTheParameter) {
  EXPECT_EQ(ErrorOf(SeriesQueryFrom({{"interval", "day"}}, kToday).status()),
            "interval: expected week, month or year");
  EXPECT_EQ(ErrorOf(SeriesQueryFrom({{"from", "2022-13"}}, kToday).status()),
            "from: not a month (YYYY-MM) or a date (YYYY-MM-DD)");
  EXPECT_EQ(ErrorOf(SeriesQueryFrom({{"interval", "week"}, {"to", "2021-W53"}}, kToday).status()),
            "to: not an ISO week (YYYY-Www) or a date (YYYY-MM-DD)");
  EXPECT_EQ(ErrorOf(SeriesQueryFrom({{"from", "2022-10"}, {"to", "2022-09"}}, kToday).status()),
            "to: before from");
  EXPECT_EQ(ErrorOf(SeriesQueryFrom({{"attack_type", "IED"}}, kToday).status()),
            "attack_type: expected a GTD code, \"unknown\" or \"all\"");
  EXPECT_EQ(ErrorOf(SeriesQueryFrom({{"gruop", "ispp"}}, kToday).status()),
            "gruop: unknown parameter");
  EXPECT_EQ(ErrorOf(SeriesQueryFrom({{"interval", "week"}, {"from", "1900-W01"}}, kToday).status()),
            "from: more than 5000 periods before to");
  EXPECT_EQ(ParameterOf(SeriesQueryFrom({{"from", "x"}}, kToday).status()), "from");
}

TEST(TrendParamsTest, TrendsTakeAnAsOfDate) {
  auto query = TrendsQueryFrom({{"group", "ispp"}, {"as_of", "2022-10-31"}}, kToday, {7, 30});
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->as_of, ToDay(2022, 10, 31));
  EXPECT_EQ(query->windows_days, (std::vector<int>{7, 30}));
  EXPECT_EQ(TrendsQueryFrom({}, kToday, {7})->as_of, kToday);
  EXPECT_EQ(ErrorOf(TrendsQueryFrom({{"as_of", "2022-02-30"}}, kToday, {7}).status()),
            "as_of: not a date (YYYY-MM-DD)");
  EXPECT_EQ(ErrorOf(TrendsQueryFrom({{"interval", "week"}}, kToday, {7}).status()),
            "interval: unknown parameter");
}

TEST(TrendParamsTest, CoClaimsTakeAsOfAndWindowDays) {
  auto query = CoClaimQueryFrom({{"as_of", "2022-12-31"}, {"window_days", "90"}}, kToday);
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->as_of, ToDay(2022, 12, 31));
  EXPECT_EQ(query->window_days, 90);
  EXPECT_EQ(CoClaimQueryFrom({}, kToday)->window_days, 365);
  EXPECT_EQ(ErrorOf(CoClaimQueryFrom({{"window_days", "0"}}, kToday).status()),
            "window_days: expected an integer from 1 to 3660");
  EXPECT_EQ(ErrorOf(CoClaimQueryFrom({{"group", "ttp"}}, kToday).status()),
            "group: unknown parameter");
}

TEST(TrendParamsTest, IncidentFiltersLimitsAndCursors) {
  auto query =
      IncidentQueryFrom({{"group", "ispp"},
                         {"contested", "true"},
                         {"from", "2022-10"},
                         {"to", "2022-10"},
                         {"limit", "5"},
                         {"cursor", EncodeCursor(std::string("Al2022-10-01\0inc-1", 18))}});
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(*query->group, "ispp");
  EXPECT_TRUE(*query->contested);
  EXPECT_EQ(*query->from, ToDay(2022, 10, 1));
  EXPECT_EQ(*query->to, ToDay(2022, 10, 31));
  EXPECT_EQ(query->limit, 5u);
  EXPECT_EQ(query->after, std::string("Al2022-10-01\0inc-1", 18));
  EXPECT_EQ(ErrorOf(IncidentQueryFrom({{"limit", "0"}}).status()),
            "limit: expected an integer from 1 to 1000");
  EXPECT_EQ(ErrorOf(IncidentQueryFrom({{"limit", "10x"}}).status()),
            "limit: expected an integer from 1 to 1000");
  EXPECT_EQ(ErrorOf(IncidentQueryFrom({{"contested", "yes"}}).status()),
            "contested: expected true or false");
  EXPECT_EQ(ErrorOf(IncidentQueryFrom({{"cursor", "zz"}}).status()),
            "cursor: not a cursor this API returned");
  EXPECT_EQ(ErrorOf(IncidentQueryFrom({{"from", "14/10/2022"}}).status()),
            "from: not a date (YYYY-MM-DD) or a month (YYYY-MM)");
}

}  // namespace
}  // namespace claimwatch::trends
