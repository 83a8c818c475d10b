#include "services/trends/trend_params.h"

#include <charconv>
#include <initializer_list>

namespace claimwatch::trends {
namespace {

constexpr int kMaxPeriods = 5000;
constexpr size_t kMaxLimit = 1000;

[[nodiscard]] Result<> OnlyKnown(const Params& params,
                                 std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : params) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return InvalidInput(StrCat(name, ": unknown parameter"));
    }
  }
  return absl::OkStatus();
}

const std::string* Find(const Params& params, std::string_view name) {
  auto it = params.find(name);
  return it == params.end() || it->second.empty() ? nullptr : &it->second;
}

std::string ValueOr(const Params& params, std::string_view name, std::string_view fallback) {
  const std::string* value = Find(params, name);
  return value ? *value : std::string(fallback);
}

Result<SeriesKey> SeriesKeyFrom(const Params& params, bool with_types) {
  SeriesKey series{ValueOr(params, "group", kAll), ValueOr(params, "province", kAll)};
  if (with_types) {
    series.attack_type = ValueOr(params, "attack_type", kAll);
    series.target_type = ValueOr(params, "target_type", kAll);
    for (auto [name, value] : {std::pair{"attack_type", &series.attack_type},
                               std::pair{"target_type", &series.target_type}}) {
      int code = 0;
      auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), code);
      const bool number = error == std::errc() && end == value->data() + value->size() && code >= 0;
      if (!number && *value != kAll && *value != kUnknown) {
        return InvalidInput(StrCat(name, ": expected a GTD code, \"unknown\" or \"all\""));
      }
    }
  }
  for (const std::string* value : {&series.group, &series.province}) {
    if (value->find('\0') != std::string::npos) {
      return InvalidInput(StrCat(value == &series.group ? "group" : "province", ": contains NUL"));
    }
  }
  return series;
}

Result<Interval> IntervalFrom(const Params& params) {
  const std::string name = ValueOr(params, "interval", "month");
  for (auto interval : {Interval::kWeek, Interval::kMonth, Interval::kYear}) {
    if (name == IntervalName(interval)) return interval;
  }
  return InvalidInput("interval: expected week, month or year");
}

// A period of `interval` ("2022-W41", "2022-10", "2022") or any date in it, as its first day.
Result<Day> PeriodFrom(std::string_view name, const std::string& text, Interval interval) {
  if (auto day = ParseDay(text)) return PeriodStart(interval, *day);
  switch (interval) {
    case Interval::kWeek:
      if (auto monday = ParseIsoWeek(text)) return *monday;
      return InvalidInput(StrCat(name, ": not an ISO week (YYYY-Www) or a date (YYYY-MM-DD)"));
    case Interval::kMonth:
      if (auto month = ParseMonth(text)) return FirstDayOfMonth(*month);
      return InvalidInput(StrCat(name, ": not a month (YYYY-MM) or a date (YYYY-MM-DD)"));
    case Interval::kYear:
      if (auto month = ParseMonth(text + "-01"); month && text.size() == 4) {
        return FirstDayOfMonth(*month);
      }
      return InvalidInput(StrCat(name, ": not a year (YYYY) or a date (YYYY-MM-DD)"));
  }
  return InvalidInput(StrCat(name, ": not a period"));
}

// A date, or a month meaning its first (`end` false) or last day.
Result<Day> BoundFrom(std::string_view name, const std::string& text, bool end) {
  if (auto day = ParseDay(text)) return *day;
  if (auto month = ParseMonth(text)) return end ? LastDayOfMonth(*month) : FirstDayOfMonth(*month);
  return InvalidInput(StrCat(name, ": not a date (YYYY-MM-DD) or a month (YYYY-MM)"));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Result<std::string> DecodeCursor(const std::string& cursor) {
  std::string key;
  for (size_t i = 0; i + 1 < cursor.size(); i += 2) {
    const int high = HexDigit(cursor[i]);
    const int low = HexDigit(cursor[i + 1]);
    if (high < 0 || low < 0) break;
    key += static_cast<char>(high * 16 + low);
  }
  if (key.size() * 2 != cursor.size() || !key.starts_with(kListingPrefix)) {
    return InvalidInput("cursor: not a cursor this API returned");
  }
  return key;
}

}  // namespace

Result<SeriesQuery> SeriesQueryFrom(const Params& params, Day today) {
  auto known = OnlyKnown(
      params, {"group", "province", "attack_type", "target_type", "interval", "from", "to"});
  if (!known.ok()) return known;
  auto series = SeriesKeyFrom(params, true);
  if (!series.ok()) return series.status();
  auto interval = IntervalFrom(params);
  if (!interval.ok()) return interval.status();
  SeriesQuery query{*series, *interval, 0, 0};
  query.last = PeriodStart(*interval, today);
  if (const std::string* to = Find(params, "to")) {
    auto last = PeriodFrom("to", *to, *interval);
    if (!last.ok()) return last.status();
    query.last = *last;
  }
  const int default_periods = *interval == Interval::kWeek    ? 52
                              : *interval == Interval::kMonth ? 12
                                                              : 10;
  query.first = query.last;
  for (int i = 1; i < default_periods; ++i) query.first = PeriodStart(*interval, query.first - 1);
  if (const std::string* from = Find(params, "from")) {
    auto first = PeriodFrom("from", *from, *interval);
    if (!first.ok()) return first.status();
    query.first = *first;
  }
  if (query.first > query.last) return InvalidInput("to: before from");
  int periods = 0;
  for (Day period = query.first; period <= query.last; period = NextPeriod(*interval, period)) {
    if (++periods > kMaxPeriods)
      return InvalidInput(StrCat("from: more than ", kMaxPeriods, " periods before to"));
  }
  return query;
}

Result<TrendsQuery> TrendsQueryFrom(const Params& params, Day today,
                                    const std::vector<int>& windows_days) {
  auto known = OnlyKnown(params, {"group", "province", "as_of"});
  if (!known.ok()) return known;
  auto series = SeriesKeyFrom(params, false);
  if (!series.ok()) return series.status();
  TrendsQuery query{*series, today, windows_days};
  if (const std::string* as_of = Find(params, "as_of")) {
    auto day = ParseDay(*as_of);
    if (!day) return InvalidInput("as_of: not a date (YYYY-MM-DD)");
    query.as_of = *day;
  }
  return query;
}

Result<IncidentQuery> IncidentQueryFrom(const Params& params) {
  auto known =
      OnlyKnown(params, {"group", "province", "contested", "from", "to", "limit", "cursor"});
  if (!known.ok()) return known;
  IncidentQuery query;
  if (const std::string* group = Find(params, "group"); group && *group != kAll)
    query.group = *group;
  if (const std::string* province = Find(params, "province"); province && *province != kAll) {
    query.province = *province;
  }
  if (const std::string* contested = Find(params, "contested")) {
    if (*contested != "true" && *contested != "false") {
      return InvalidInput("contested: expected true or false");
    }
    query.contested = *contested == "true";
  }
  for (auto [name, bound] : {std::pair{"from", &query.from}, std::pair{"to", &query.to}}) {
    if (const std::string* text = Find(params, name)) {
      auto day = BoundFrom(name, *text, bound == &query.to);
      if (!day.ok()) return day.status();
      *bound = *day;
    }
  }
  if (query.from && query.to && *query.from > *query.to) return InvalidInput("to: before from");
  if (const std::string* limit = Find(params, "limit")) {
    size_t value = 0;
    auto [end, error] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (error != std::errc() || end != limit->data() + limit->size() || value < 1 ||
        value > kMaxLimit) {
      return InvalidInput(StrCat("limit: expected an integer from 1 to ", kMaxLimit));
    }
    query.limit = value;
  }
  if (const std::string* cursor = Find(params, "cursor")) {
    auto key = DecodeCursor(*cursor);
    if (!key.ok()) return key.status();
    query.after = std::move(*key);
  }
  return query;
}

Result<CoClaimQuery> CoClaimQueryFrom(const Params& params, Day today) {
  auto known = OnlyKnown(params, {"as_of", "window_days"});
  if (!known.ok()) return known;
  CoClaimQuery query{today, 365};
  if (const std::string* as_of = Find(params, "as_of")) {
    auto day = ParseDay(*as_of);
    if (!day) return InvalidInput("as_of: not a date (YYYY-MM-DD)");
    query.as_of = *day;
  }
  if (const std::string* days = Find(params, "window_days")) {
    auto [end, error] =
        std::from_chars(days->data(), days->data() + days->size(), query.window_days);
    if (error != std::errc() || end != days->data() + days->size() || query.window_days < 1 ||
        query.window_days > 3660) {
      return InvalidInput("window_days: expected an integer from 1 to 3660");
    }
  }
  return query;
}

std::string ParameterOf(const absl::Status& status) {
  const std::string message(status.message());
  const size_t colon = message.find(':');
  return colon == std::string::npos ? message : message.substr(0, colon);
}

std::string EncodeCursor(std::string_view key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string cursor;
  for (unsigned char c : key) {
    cursor += kHex[c >> 4];
    cursor += kHex[c & 15];
  }
  return cursor;
}

}  // namespace claimwatch::trends
