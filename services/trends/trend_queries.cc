#include "services/trends/trend_queries.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "fmt/format.h"

namespace claimwatch::trends {
namespace {

int64_t CountOf(std::string_view value) {
  int64_t count = 0;
  std::from_chars(value.data(), value.data() + value.size(), count);
  return count;
}

std::string YearOf(Day day) { return fmt::format("{:04}", ToDate(day).year); }

// Counts of one bucket kind by first day, for the days of [first, last] they lie wholly in.
struct Tally {
  std::map<Day, int64_t> days{};
  std::vector<std::pair<std::pair<Day, Day>, int64_t>> coarse{};  // (first, last day) → count
};

}  // namespace

std::string_view IntervalName(Interval interval) {
  switch (interval) {
    case Interval::kWeek:
      return "week";
    case Interval::kMonth:
      return "month";
    case Interval::kYear:
      return "year";
  }
  return "";
}

Day PeriodStart(Interval interval, Day day) {
  switch (interval) {
    case Interval::kWeek:
      return IsoWeekStart(day);
    case Interval::kMonth:
      return FirstDayOfMonth(MonthOf(day));
    case Interval::kYear:
      return ToDay(ToDate(day).year, 1, 1);
  }
  return day;
}

Day NextPeriod(Interval interval, Day first) {
  switch (interval) {
    case Interval::kWeek:
      return first + 7;
    case Interval::kMonth:
      return LastDayOfMonth(MonthOf(first)) + 1;
    case Interval::kYear:
      return ToDay(ToDate(first).year + 1, 1, 1);
  }
  return first + 1;
}

std::string FormatPeriod(Interval interval, Day first) {
  switch (interval) {
    case Interval::kWeek:
      return FormatIsoWeek(first);
    case Interval::kMonth:
      return FormatMonth(MonthOf(first));
    case Interval::kYear:
      return YearOf(first);
  }
  return "";
}

Result<std::vector<std::pair<std::string, int64_t>>> TrendQueries::Buckets(const SeriesKey& series,
                                                                           Day first_day,
                                                                           Day last_day) const {
  const std::string prefix = SeriesPrefix(series);
  std::vector<std::pair<std::string, int64_t>> buckets;
  auto scanned =
      store_.ScanState(prefix + YearOf(first_day), PrefixEnd(prefix + YearOf(last_day)),
                       [&](std::string_view key, std::string_view value) {
                         // 0 is no count: merged counters keep their key.
                         if (const int64_t count = CountOf(value); count != 0) {
                           buckets.emplace_back(std::string(key.substr(prefix.size())), count);
                         }
                         return true;
                       });
  if (!scanned.ok()) return scanned;
  return buckets;
}

Result<Series> TrendQueries::GetSeries(const SeriesQuery& query) const {
  const Day last_day = NextPeriod(query.interval, query.last) - 1;
  auto buckets = Buckets(query.series, query.first, last_day);
  if (!buckets.ok()) return buckets.status();
  Series series{query, {}, 0};
  std::map<Day, int64_t> by_period;
  for (Day period = query.first; period <= query.last;
       period = NextPeriod(query.interval, period)) {
    by_period[period] = 0;
  }
  for (const auto& [bucket, count] : *buckets) {
    const auto [first, last] = BucketDays(bucket);
    if (last < query.first || first > last_day) continue;
    const Day start = PeriodStart(query.interval, first);
    if (start == PeriodStart(query.interval, last) && start >= query.first) {
      by_period[start] += count;
    } else {
      series.coarser += count;
    }
  }
  for (const auto& [period, count] : by_period) {
    series.points.push_back({FormatPeriod(query.interval, period), count});
  }
  return series;
}

Result<Trends> TrendQueries::GetTrends(const TrendsQuery& query) const {
  int widest = 1;
  for (int days : query.windows_days) widest = std::max(widest, days);
  const Day previous_as_of = SameDayYearBefore(query.as_of);
  auto buckets = Buckets(query.series, previous_as_of - widest + 1, query.as_of);
  if (!buckets.ok()) return buckets.status();
  // A month- or year-precision incident counts in a window only when all of its period lies in it.
  auto count_in = [&](Day from, Day to) {
    int64_t count = 0;
    for (const auto& [bucket, n] : *buckets) {
      const auto [first, last] = BucketDays(bucket);
      if (first >= from && last <= to) count += n;
    }
    return count;
  };
  Trends trends{query, {}};
  for (int days : query.windows_days) {
    WindowCount window;
    window.days = days;
    window.to = query.as_of;
    window.from = query.as_of - days + 1;
    window.count = count_in(window.from, window.to);
    window.previous_to = previous_as_of;
    window.previous_from = previous_as_of - days + 1;
    window.previous = count_in(window.previous_from, window.previous_to);
    trends.windows.push_back(window);
  }
  return trends;
}

Result<IncidentPage> TrendQueries::GetIncidents(const IncidentQuery& query) const {
  std::string from =
      query.from ? StrCat(kListingPrefix, YearOf(*query.from)) : std::string(kListingPrefix);
  if (!query.after.empty() && query.after >= from) from = query.after + '\0';
  const std::string to = query.to ? PrefixEnd(StrCat(kListingPrefix, YearOf(*query.to)))
                                  : PrefixEnd(std::string(kListingPrefix));
  IncidentPage page;
  absl::Status failure;
  std::string last_key;
  auto scanned = store_.ScanState(from, to, [&](std::string_view key, std::string_view value) {
    const std::string_view bucket =
        key.substr(kListingPrefix.size(), key.find('\0') - kListingPrefix.size());
    const auto [first, last] = BucketDays(bucket);
    if ((query.from && first < *query.from) || (query.to && last > *query.to)) return true;
    if (query.group || query.province || query.contested) {
      auto summary = SummaryFromJson(value);
      if (!summary.ok()) {
        failure =
            FailedPrecondition(StrCat("store: corrupt listing: ", summary.status().message()));
        return false;
      }
      const auto& groups = summary->groups;
      if (query.group && std::find(groups.begin(), groups.end(), *query.group) == groups.end()) {
        return true;
      }
      if (query.province && summary->province != *query.province) return true;
      if (query.contested && summary->contested != *query.contested) return true;
    }
    if (page.incidents.size() == query.limit) {
      page.next = last_key;
      return false;
    }
    page.incidents.emplace_back(value);
    last_key = std::string(key);
    return true;
  });
  if (!failure.ok()) return failure;
  if (!scanned.ok()) return scanned;
  return page;
}

Result<CoClaims> TrendQueries::GetCoClaims(const CoClaimQuery& query) const {
  const Day from = query.as_of - query.window_days + 1;
  std::map<std::pair<std::string, std::string>, int64_t> counts;
  const std::string prefix(kPairPrefix);
  auto scanned = store_.ScanState(
      prefix, PrefixEnd(prefix), [&](std::string_view key, std::string_view value) {
        const std::string_view rest = key.substr(prefix.size());
        const size_t first = rest.find('\0'), second = rest.find('\0', first + 1);
        const auto [begin, end] = BucketDays(rest.substr(second + 1));
        if (begin >= from && end <= query.as_of) {
          counts[{std::string(rest.substr(0, first)),
                  std::string(rest.substr(first + 1, second - first - 1))}] += CountOf(value);
        }
        return true;
      });
  if (!scanned.ok()) return scanned;
  CoClaims result{query, {}};
  for (const auto& [pair, count] : counts) {
    if (count != 0) result.pairs.push_back({pair.first, pair.second, count});
  }
  std::stable_sort(result.pairs.begin(), result.pairs.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  return result;
}

Result<std::optional<Day>> TrendQueries::Watermark() const {
  std::optional<Day> watermark;
  const std::string key(kWatermarkKey);
  auto scanned = store_.ScanState(key, key + '\0', [&](std::string_view, std::string_view value) {
    watermark = ParseDay(value);
    return false;
  });
  if (!scanned.ok()) return scanned;
  return watermark;
}

Result<std::optional<Day>> TrendQueries::NewestDay(const SeriesKey& series) const {
  const std::string prefix = SeriesPrefix(series);
  std::optional<Day> newest;
  auto scanned = store_.ScanState(prefix, PrefixEnd(prefix),
                                  [&](std::string_view key, std::string_view value) {
                                    const std::string_view bucket = key.substr(prefix.size());
                                    if (KindOf(bucket) == BucketKind::kDay && CountOf(value) != 0)
                                      newest = ParseDay(bucket);
                                    return true;
                                  });
  if (!scanned.ok()) return scanned;
  return newest;
}

Result<std::optional<Day>> TrendQueries::OldestDay(const SeriesKey& series) const {
  const std::string prefix = SeriesPrefix(series);
  std::optional<Day> oldest;
  auto scanned = store_.ScanState(prefix, PrefixEnd(prefix),
                                  [&](std::string_view key, std::string_view value) {
                                    if (CountOf(value) == 0) return true;
                                    // Buckets sort as their first days do ("2019" < "2019-05" <
                                    // "2019-05-15"): the first with a count is the oldest.
                                    oldest = BucketDays(key.substr(prefix.size())).first;
                                    return false;
                                  });
  if (!scanned.ok()) return scanned;
  return oldest;
}

Result<std::vector<std::pair<std::string, int64_t>>> TrendQueries::PairBuckets(
    const std::string& group_a, const std::string& group_b) const {
  const std::string prefix =
      StrCat(kPairPrefix, group_a, std::string_view("\0", 1), group_b, std::string_view("\0", 1));
  std::vector<std::pair<std::string, int64_t>> buckets;
  auto scanned = store_.ScanState(prefix, PrefixEnd(prefix),
                                  [&](std::string_view key, std::string_view value) {
                                    if (const int64_t count = CountOf(value); count != 0) {
                                      buckets.emplace_back(key.substr(prefix.size()), count);
                                    }
                                    return true;
                                  });
  if (!scanned.ok()) return scanned;
  return buckets;
}

}  // namespace claimwatch::trends
