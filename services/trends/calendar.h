#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace claimwatch::trends {

// Days since 1970-01-01 (proleptic Gregorian, UTC): the unit of event time.
using Day = int32_t;

Day ToDay(int year, int month, int day);
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};
Date ToDate(Day day);
// "2022-10-05"
std::string FormatDay(Day day);
// Strict "YYYY-MM-DD" naming a real date.
std::optional<Day> ParseDay(std::string_view text);

// Months as year * 12 + (month - 1).
int MonthOf(Day day);
Day FirstDayOfMonth(int month);
Day LastDayOfMonth(int month);
// "2022-10"
std::string FormatMonth(int month);
// Strict "YYYY-MM".
std::optional<int> ParseMonth(std::string_view text);

// ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday), as the Monday that
// starts them.
Day IsoWeekStart(Day day);
// "2022-W41"
std::string FormatIsoWeek(Day monday);
// Strict "YYYY-Www" naming a week the ISO year has; returns its Monday.
std::optional<Day> ParseIsoWeek(std::string_view text);

// The same calendar day a year earlier; 29 February falls back to 28 February.
Day SameDayYearBefore(Day day);

// Today in UTC.
Day Today();

}  // namespace claimwatch::trends
