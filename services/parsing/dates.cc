#include "services/parsing/dates.h"

#include <chrono>
#include <cstddef>

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

}  // namespace

bool IsRfc3339DateTime(std::string_view text) {
  EventDate date;
  return text.size() > 11 && ReadFullDate(text, date) &&
         (text[10] == 'T' || text[10] == 't' || text[10] == ' ') && IsRfc3339Time(text.substr(11));
}

std::optional<EventDate> ParseEventDate(std::string_view text) {
  EventDate date;
  if (text.size() == 7) {
    if (text[4] != '-' || !ReadDigits(text, 0, 4, date.year) ||
        !ReadDigits(text, 5, 2, date.month) || date.month < 1 || date.month > 12) {
      return std::nullopt;
    }
    date.precision = DatePrecision::kMonth;
    return date;
  }
  if (text.size() == 10) {
    if (!ReadFullDate(text, date)) return std::nullopt;
    return date;
  }
  if (!IsRfc3339DateTime(text)) return std::nullopt;
  ReadFullDate(text, date);
  return date;
}

const char* DatePrecisionName(DatePrecision precision) {
  return precision == DatePrecision::kDay ? "day" : "month";
}

}  // namespace claimwatch::parsing
