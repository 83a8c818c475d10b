#include "services/parsing/dates.h"

#include "gtest/gtest.h"

namespace claimwatch::parsing {
namespace {

TEST(DatesTest, AcceptsRfc3339DateTimes) {
  EXPECT_TRUE(IsRfc3339DateTime("2022-10-14T18:05:00Z"));
  EXPECT_TRUE(IsRfc3339DateTime("2022-10-14t18:05:00z"));
  EXPECT_TRUE(IsRfc3339DateTime("2022-10-14T18:05:00.123456+05:00"));
  EXPECT_TRUE(IsRfc3339DateTime("2016-12-31T23:59:60Z"));  // leap second
  EXPECT_TRUE(IsRfc3339DateTime("2024-02-29T00:00:00-03:30"));
}

TEST(DatesTest, RejectsMalformedDateTimes) {
  EXPECT_FALSE(IsRfc3339DateTime("2022-10-14"));
  EXPECT_FALSE(IsRfc3339DateTime("2022-10-14T18:05:00"));  // no zone
  EXPECT_FALSE(IsRfc3339DateTime("2022-10-14T24:00:00Z"));
  EXPECT_FALSE(IsRfc3339DateTime("2022-10-14T18:05:00.Z"));
  EXPECT_FALSE(IsRfc3339DateTime("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(IsRfc3339DateTime("2022-10-14T18:05:00+0500"));
  EXPECT_FALSE(IsRfc3339DateTime("October 14, 2022"));
}

TEST(DatesTest, ParsesEventDatesWithPrecision) {
  auto day = ParseEventDate("2022-10-14");
  ASSERT_TRUE(day);
  EXPECT_EQ(day->year, 2022);
  EXPECT_EQ(day->month, 10);
  EXPECT_EQ(day->day, 14);
  EXPECT_EQ(day->precision, DatePrecision::kDay);

  auto month = ParseEventDate("2022-01");
  ASSERT_TRUE(month);
  EXPECT_EQ(month->month, 1);
  EXPECT_EQ(month->day, 0);
  EXPECT_EQ(month->precision, DatePrecision::kMonth);

  auto local = ParseEventDate("2022-03-08T23:30:00+05:00");  // the local date as written
  ASSERT_TRUE(local);
  EXPECT_EQ(local->day, 8);
  EXPECT_EQ(local->precision, DatePrecision::kDay);
}

TEST(DatesTest, RejectsImpossibleEventDates) {
  EXPECT_FALSE(ParseEventDate("2022-02-30"));
  EXPECT_FALSE(ParseEventDate("2022-13"));
  EXPECT_FALSE(ParseEventDate("2022-00"));
  EXPECT_FALSE(ParseEventDate("2022-1-05"));
  EXPECT_FALSE(ParseEventDate("2022"));
  EXPECT_FALSE(ParseEventDate(""));
  EXPECT_TRUE(ParseEventDate("2020-02-29"));
  EXPECT_FALSE(ParseEventDate("2100-02-29"));
}

}  // namespace
}  // namespace claimwatch::parsing
