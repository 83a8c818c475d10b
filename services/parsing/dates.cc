#include "services/parsing/dates.h"

#include <cctype>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace claimwatch::parsing {
namespace {

bool ReadDigits(std::string_view text, size_t pos, size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

bool IsRealDate(int year, int month, int day) {
  return std::chrono::year_month_day{std::chrono::year{year},
                                     std::chrono::month{static_cast<unsigned>(month)},
                                     std::chrono::day{static_cast<unsigned>(day)}}
      .ok();
}

// "YYYY-MM-DD" at the start of `text`.
bool ReadFullDate(std::string_view text, EventDate& date) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  if (!ReadDigits(text, 0, 4, date.year) || !ReadDigits(text, 5, 2, date.month) ||
      !ReadDigits(text, 8, 2, date.day)) {
    return false;
  }
  date.precision = DatePrecision::kDay;
  return IsRealDate(date.year, date.month, date.day);
}

// "hh:mm:ss[.frac](Z|±hh:mm)" — the part of RFC 3339 after the 'T'.
bool IsRfc3339Time(std::string_view text) {
  int hour = 0, minute = 0, second = 0;
  if (text.size() < 9 || text[2] != ':' || text[5] != ':') return false;
  if (!ReadDigits(text, 0, 2, hour) || !ReadDigits(text, 3, 2, minute) ||
      !ReadDigits(text, 6, 2, second)) {
    return false;
  }
  if (hour > 23 || minute > 59 || second > 60) return false;  // 60: leap second
  size_t pos = 8;
  if (text[pos] == '.') {
    size_t digits = 0;
    while (++pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++digits;
    if (digits == 0) return false;
  }
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") return true;
  int offset_hour = 0, offset_minute = 0;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
         ReadDigits(zone, 1, 2, offset_hour) && ReadDigits(zone, 4, 2, offset_minute) &&
         offset_hour <= 23 && offset_minute <= 59;
}

// Month number of an English month name or abbreviation ("oct", "Sept."), else 0.
int MonthNumber(std::string_view word) {
  static constexpr std::string_view kMonths[] = {"january",   "february", "march",    "april",
                                                 "may",       "june",     "july",     "august",
                                                 "september", "october",  "november", "december"};
  std::string lower;
  for (char c : word) {
    if (c != '.') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (lower == "sept") return 9;
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i] || (lower.size() == 3 && kMonths[i].starts_with(lower))) return i + 1;
  }
  return 0;
}

// A day of the month, optionally with an English ordinal suffix ("14", "1st", "22nd").
int DayNumber(std::string_view word) {
  for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (word.size() > 2 && word.ends_with(suffix)) word.remove_suffix(2);
  }
  int day = 0;
  if (word.empty() || word.size() > 2 || !ReadDigits(word, 0, word.size(), day)) return 0;
  return day;
}

int YearNumber(std::string_view word) {
  int year = 0;
  return word.size() == 4 && ReadDigits(word, 0, 4, year) ? year : 0;
}

std::optional<EventDate> ParseEnglishDate(std::string_view text) {
  std::vector<std::string_view> words;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == ',') {
      if (i > start) words.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  EventDate date;
  if (words.size() == 2) {  // "October 2022"
    date.month = MonthNumber(words[0]);
    date.year = YearNumber(words[1]);
    date.precision = DatePrecision::kMonth;
    if (date.month == 0 || date.year == 0) return std::nullopt;
    return date;
  }
  if (words.size() != 3) return std::nullopt;
  date.year = YearNumber(words[2]);
  if ((date.month = MonthNumber(words[0])) != 0) {
    date.day = DayNumber(words[1]);  // "October 14, 2022"
  } else {
    date.day = DayNumber(words[0]);  // "14 October 2022"
    date.month = MonthNumber(words[1]);
  }
  if (date.year == 0 || date.month == 0 || !IsRealDate(date.year, date.month, date.day)) {
    return std::nullopt;
  }
  return date;
}

void ReadTimeAndOffset(std::string_view time, EventDate& date) {
  int hour = 0, minute = 0;
  ReadDigits(time, 0, 2, hour);
  ReadDigits(time, 3, 2, minute);
  date.minute_of_day = hour * 60 + minute;
  std::string_view zone = time.substr(time.find_first_of("Zz+-", 8));
  int offset_hour = 0, offset_minute = 0;
  if (zone.size() == 6) {
    ReadDigits(zone, 1, 2, offset_hour);
    ReadDigits(zone, 4, 2, offset_minute);
  }
  date.utc_offset_minutes = (zone[0] == '-' ? -1 : 1) * (offset_hour * 60 + offset_minute);
}

}  // namespace

bool IsRfc3339DateTime(std::string_view text) {
  EventDate date;
  return text.size() > 11 && ReadFullDate(text, date) &&
         (text[10] == 'T' || text[10] == 't' || text[10] == ' ') && IsRfc3339Time(text.substr(11));
}

std::optional<EventDate> ParseEventDate(std::string_view text) {
  EventDate date;
  if (text.size() == 4) {
    if ((date.year = YearNumber(text)) == 0) return std::nullopt;
    date.precision = DatePrecision::kYear;
    return date;
  }
  if (text.size() == 7 && text[4] == '-') {
    if (text[4] != '-' || !ReadDigits(text, 0, 4, date.year) ||
        !ReadDigits(text, 5, 2, date.month) || date.month < 1 || date.month > 12) {
      return std::nullopt;
    }
    date.precision = DatePrecision::kMonth;
    return date;
  }
  if (text.size() == 10 && text[4] == '-') {
    if (!ReadFullDate(text, date)) return std::nullopt;
    return date;
  }
  if (IsRfc3339DateTime(text)) {
    ReadFullDate(text, date);
    ReadTimeAndOffset(text.substr(11), date);
    return date;
  }
  return ParseEnglishDate(text);
}

const char* DatePrecisionName(DatePrecision precision) {
  switch (precision) {
    case DatePrecision::kDay:
      return "day";
    case DatePrecision::kMonth:
      return "month";
    case DatePrecision::kYear:
      return "year";
  }
  return "day";
}

}  // namespace claimwatch::parsing
