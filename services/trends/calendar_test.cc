#include "services/trends/calendar.h"

#include <gtest/gtest.h>

namespace claimwatch::trends {
namespace {

TEST(CalendarTest, DaysRoundTripAcrossLeapDays) {
  for (Day day = ToDay(1999, 12, 1); day < ToDay(2025, 3, 1); ++day) {
    ASSERT_EQ(ParseDay(FormatDay(day)), day) << FormatDay(day);
  }
  EXPECT_EQ(FormatDay(ToDay(2024, 2, 28) + 1), "2024-02-29");
  EXPECT_EQ(FormatDay(ToDay(2023, 2, 28) + 1), "2023-03-01");
  EXPECT_EQ(FormatDay(ToDay(2000, 2, 28) + 1), "2000-02-29");
  EXPECT_EQ(FormatDay(ToDay(1900, 2, 28) + 1), "1900-03-01");
}

TEST(CalendarTest, RejectsDatesThatDoNotExist) {
  EXPECT_FALSE(ParseDay("2023-02-29"));
  EXPECT_FALSE(ParseDay("2022-13-01"));
  EXPECT_FALSE(ParseDay("2022-1-01"));
  EXPECT_FALSE(ParseDay("2022-01-01T00:00:00Z"));
  EXPECT_TRUE(ParseDay("2024-02-29"));
  EXPECT_FALSE(ParseMonth("2022-00"));
  EXPECT_FALSE(ParseMonth("2022-10-01"));
}

TEST(CalendarTest, MonthsKnowTheirLengths) {
  EXPECT_EQ(FormatDay(LastDayOfMonth(*ParseMonth("2024-02"))), "2024-02-29");
  EXPECT_EQ(FormatDay(LastDayOfMonth(*ParseMonth("2023-02"))), "2023-02-28");
  EXPECT_EQ(FormatDay(LastDayOfMonth(*ParseMonth("2022-12"))), "2022-12-31");
  EXPECT_EQ(FormatMonth(MonthOf(ToDay(2022, 12, 31)) + 1), "2023-01");
}

TEST(CalendarTest, IsoWeeksAtYearBoundaries) {
  // 2021-01-03 (Sunday) is in 2020-W53; 2022-01-02 in 2021-W52; 2024-12-30 in 2025-W01.
  EXPECT_EQ(FormatIsoWeek(IsoWeekStart(ToDay(2021, 1, 3))), "2020-W53");
  EXPECT_EQ(FormatIsoWeek(IsoWeekStart(ToDay(2021, 1, 4))), "2021-W01");
  EXPECT_EQ(FormatIsoWeek(IsoWeekStart(ToDay(2022, 1, 2))), "2021-W52");
  EXPECT_EQ(FormatIsoWeek(IsoWeekStart(ToDay(2024, 12, 30))), "2025-W01");
  EXPECT_EQ(FormatIsoWeek(IsoWeekStart(ToDay(2022, 10, 14))), "2022-W41");
  EXPECT_EQ(ParseIsoWeek("2022-W41"), ToDay(2022, 10, 10));
  EXPECT_EQ(ParseIsoWeek("2020-W53"), ToDay(2020, 12, 28));
  EXPECT_FALSE(ParseIsoWeek("2021-W53"));  // 2021 has 52 weeks
  EXPECT_FALSE(ParseIsoWeek("2021-W00"));
  EXPECT_EQ(IsoWeekStart(ToDay(1969, 12, 31)), ToDay(1969, 12, 29));  // before the epoch
}

TEST(CalendarTest, SameDayAYearBeforeFallsBackFromLeapDay) {
  EXPECT_EQ(FormatDay(SameDayYearBefore(ToDay(2024, 2, 29))), "2023-02-28");
  EXPECT_EQ(FormatDay(SameDayYearBefore(ToDay(2025, 3, 1))), "2024-03-01");
  EXPECT_EQ(FormatDay(SameDayYearBefore(ToDay(2023, 1, 1))), "2022-01-01");
}

}  // namespace
}  // namespace claimwatch::trends
