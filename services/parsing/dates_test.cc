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
  EXPECT_FALSE(ParseEventDate("22"));
  EXPECT_FALSE(ParseEventDate("0000-00"));
  EXPECT_FALSE(ParseEventDate(""));
  EXPECT_TRUE(ParseEventDate("2020-02-29"));
  EXPECT_FALSE(ParseEventDate("2100-02-29"));
}

struct DateCase {
  std::string text;
  int year, month, day;
  DatePrecision precision;
};

class EventDateFormsTest : public testing::TestWithParam<DateCase> {};

TEST_P(EventDateFormsTest, ParsesWithPrecision) {
  auto date = ParseEventDate(GetParam().text);
  ASSERT_TRUE(date) << GetParam().text;
  EXPECT_EQ(date->year, GetParam().year);
  EXPECT_EQ(date->month, GetParam().month);
  EXPECT_EQ(date->day, GetParam().day);
  EXPECT_EQ(date->precision, GetParam().precision);
}

constexpr auto kDay = DatePrecision::kDay;
constexpr auto kMonth = DatePrecision::kMonth;
constexpr auto kYear = DatePrecision::kYear;
INSTANTIATE_TEST_SUITE_P(Forms, EventDateFormsTest,
                         testing::Values(DateCase{"2022-10-14", 2022, 10, 14, kDay},
                                         DateCase{"2022-10", 2022, 10, 0, kMonth},
                                         DateCase{"2022", 2022, 0, 0, kYear},
                                         DateCase{"2022-10-14T09:30:00Z", 2022, 10, 14, kDay},
                                         DateCase{"October 14, 2022", 2022, 10, 14, kDay},
                                         DateCase{"october 14 2022", 2022, 10, 14, kDay},
                                         DateCase{"Oct. 14, 2022", 2022, 10, 14, kDay},
                                         DateCase{"14 Oct 2022", 2022, 10, 14, kDay},
                                         DateCase{"14th October 2022", 2022, 10, 14, kDay},
                                         DateCase{"1st Sept 2022", 2022, 9, 1, kDay},
                                         DateCase{"Jan 30, 2022", 2022, 1, 30, kDay},
                                         DateCase{"October 2022", 2022, 10, 0, kMonth},
                                         DateCase{"29 February 2020", 2020, 2, 29, kDay}));

TEST(DatesTest, RejectsMalformedEnglishDates) {
  for (const char* text :
       {"October 32, 2022", "30 February 2022", "Octember 14, 2022", "14 2022", "October 14",
        "14/10/2022", "yesterday", "2022 October 14", "October 14, 22"}) {
    EXPECT_FALSE(ParseEventDate(text)) << text;
  }
}

TEST(DatesTest, KeepsTimeAndOffsetOfDateTimes) {
  auto date = ParseEventDate("2022-03-08T23:30:00+05:00");
  ASSERT_TRUE(date);
  EXPECT_EQ(date->minute_of_day, 23 * 60 + 30);
  EXPECT_EQ(date->utc_offset_minutes, 300);
  EXPECT_EQ(ParseEventDate("2022-03-08T01:00:00-04:30")->utc_offset_minutes, -270);
  EXPECT_EQ(ParseEventDate("2022-03-08T01:00:00Z")->utc_offset_minutes, 0);
  EXPECT_FALSE(ParseEventDate("2022-03-08")->utc_offset_minutes);
}

}  // namespace
}  // namespace claimwatch::parsing
