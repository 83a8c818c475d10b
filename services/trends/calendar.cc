#include "services/trends/calendar.h"

#include <chrono>

#include "fmt/format.h"

namespace claimwatch::trends {
namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

std::optional<int> Digits(std::string_view text, size_t at, size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Monday of ISO week 1 of `iso_year`: the week holding 4 January.
Day FirstIsoMonday(int iso_year) { return IsoWeekStart(ToDay(iso_year, 1, 4)); }

}  // namespace

Day ToDay(int year, int month, int day) {
  const sys_days days{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} /
                      std::chrono::day{static_cast<unsigned>(day)}};
  return static_cast<Day>(days.time_since_epoch().count());
}

Date ToDate(Day day) {
  const year_month_day date{sys_days{std::chrono::days{day}}};
  return {static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
          static_cast<int>(static_cast<unsigned>(date.day()))};
}

std::string FormatDay(Day day) {
  const Date date = ToDate(day);
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::optional<Day> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto year = Digits(text, 0, 4);
  auto month = Digits(text, 5, 2);
  auto day = Digits(text, 8, 2);
  if (!year || !month || !day) return std::nullopt;
  const year_month_day date{std::chrono::year{*year},
                            std::chrono::month{static_cast<unsigned>(*month)},
                            std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  return ToDay(*year, *month, *day);
}

int MonthOf(Day day) {
  const Date date = ToDate(day);
  return date.year * 12 + date.month - 1;
}

Day FirstDayOfMonth(int month) { return ToDay(month / 12, month % 12 + 1, 1); }

Day LastDayOfMonth(int month) { return FirstDayOfMonth(month + 1) - 1; }

std::string FormatMonth(int month) {
  return fmt::format("{:04}-{:02}", month / 12, month % 12 + 1);
}

std::optional<int> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto year = Digits(text, 0, 4);
  auto month = Digits(text, 5, 2);
  if (!year || !month || *month < 1 || *month > 12) return std::nullopt;
  return *year * 12 + *month - 1;
}

Day IsoWeekStart(Day day) {
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const int weekday = ((day % 7) + 7 + 3) % 7;
  return day - weekday;
}

std::string FormatIsoWeek(Day monday) {
  const int iso_year = ToDate(monday + 3).year;  // the year of the week's Thursday
  const int week = (monday - FirstIsoMonday(iso_year)) / 7 + 1;
  return fmt::format("{:04}-W{:02}", iso_year, week);
}

std::optional<Day> ParseIsoWeek(std::string_view text) {
  if (text.size() != 8 || text[4] != '-' || text[5] != 'W') return std::nullopt;
  auto year = Digits(text, 0, 4);
  auto week = Digits(text, 6, 2);
  if (!year || !week || *week < 1) return std::nullopt;
  const Day monday = FirstIsoMonday(*year) + (*week - 1) * 7;
  if (monday >= FirstIsoMonday(*year + 1)) return std::nullopt;  // week 53 of a 52-week year
  return monday;
}

Day SameDayYearBefore(Day day) {
  const Date date = ToDate(day);
  const bool leap_day = date.month == 2 && date.day == 29;
  return ToDay(date.year - 1, date.month, leap_day ? 28 : date.day);
}

Day Today() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<Day>(now.time_since_epoch().count());
}

}  // namespace claimwatch::trends
