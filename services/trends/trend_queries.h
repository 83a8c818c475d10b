#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/storage/claim_store.h"
#include "services/trends/trend_keys.h"

namespace claimwatch::trends {

enum class Interval { kWeek, kMonth, kYear };
std::string_view IntervalName(Interval interval);

// A calendar series: counts per ISO week, month or year, zeros included.
struct SeriesQuery {
  SeriesKey series{};
  Interval interval = Interval::kMonth;
  // First and last period, as their first days.
  Day first = 0;
  Day last = 0;
};
struct SeriesPoint {
  std::string period{};  // "2022-W41", "2022-10", "2022"
  int64_t count = 0;
};
struct Series {
  SeriesQuery query{};
  std::vector<SeriesPoint> points{};
  // Incidents in the range whose date is coarser than the interval (a month-precision incident
  // in a weekly series): not placed in any period.
  int64_t coarser = 0;
};

// Rolling windows ending at `as_of`, and the same windows a year earlier.
struct TrendsQuery {
  SeriesKey series{};
  Day as_of = 0;
  std::vector<int> windows_days{7, 30, 90, 365};
};
struct WindowCount {
  int days = 0;
  Day from = 0;
  Day to = 0;
  int64_t count = 0;
  Day previous_from = 0;
  Day previous_to = 0;
  int64_t previous = 0;  // the window ending on the same day a year earlier
};
struct Trends {
  TrendsQuery query{};
  std::vector<WindowCount> windows{};
};

// Incidents in event-date order, filtered, a page at a time.
struct IncidentQuery {
  std::optional<std::string> group{};
  std::optional<std::string> province{};
  std::optional<bool> contested{};
  std::optional<Day> from{};  // the incident's whole date within [from, to]
  std::optional<Day> to{};
  size_t limit = 100;
  std::string after{};  // a cursor: the listing key of the last incident of the previous page
};
struct IncidentPage {
  std::vector<std::string> incidents{};  // incident.v1 JSON
  std::string next{};                    // "" when this is the last page
};

// Incidents claimed by both groups of a pair in a rolling window: converging networks.
struct CoClaimQuery {
  Day as_of = 0;
  int window_days = 365;
};
struct CoClaimCount {
  std::string group_a{};  // group_a < group_b
  std::string group_b{};
  int64_t count = 0;
};
struct CoClaims {
  CoClaimQuery query{};
  std::vector<CoClaimCount> pairs{};  // by count, highest first; pairs with none left out
};

// Reads of what the aggregator committed. Thread-safe (reads only).
class TrendQueries {
 public:
  explicit TrendQueries(const storage::ClaimStore& store) : store_(store) {}

  [[nodiscard]] Result<Series> GetSeries(const SeriesQuery& query) const;
  [[nodiscard]] Result<Trends> GetTrends(const TrendsQuery& query) const;
  [[nodiscard]] Result<IncidentPage> GetIncidents(const IncidentQuery& query) const;
  // Month- and year-precision incidents count when all of their period is in the window.
  [[nodiscard]] Result<CoClaims> GetCoClaims(const CoClaimQuery& query) const;
  // The newest day-precision event day counted; nullopt before the first.
  [[nodiscard]] Result<std::optional<Day>> Watermark() const;
  // The newest day-precision event day in one series; nullopt when it has none.
  [[nodiscard]] Result<std::optional<Day>> NewestDay(const SeriesKey& series) const;
  // The first day of a series' oldest bucket with a count; nullopt when it has none.
  [[nodiscard]] Result<std::optional<Day>> OldestDay(const SeriesKey& series) const;
  // The co-claim counts of one pair (group_a < group_b) by bucket, in key order.
  [[nodiscard]] Result<std::vector<std::pair<std::string, int64_t>>> PairBuckets(
      const std::string& group_a, const std::string& group_b) const;
  // The counts of one series by bucket, for buckets in the years first_day..last_day touch.
  [[nodiscard]] Result<std::vector<std::pair<std::string, int64_t>>> Buckets(
      const SeriesKey& series, Day first_day, Day last_day) const;

 private:
  const storage::ClaimStore& store_;
};

// The first day of the period after the one starting at `first`.
Day NextPeriod(Interval interval, Day first);
// The first day of the period holding `day`.
Day PeriodStart(Interval interval, Day day);
std::string FormatPeriod(Interval interval, Day first);

}  // namespace claimwatch::trends
