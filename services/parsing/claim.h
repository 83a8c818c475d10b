#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace claimwatch::parsing {

enum class DatePrecision { kDay, kMonth, kYear };

// A calendar date as the claim gave it; `day` is 0 below day precision, `month` 0 for kYear.
// An RFC 3339 date-time also keeps its time of day and UTC offset, so that a later stage can
// move it to the local date where the attack happened.
struct EventDate {
  int year = 0;
  int month = 0;
  int day = 0;
  DatePrecision precision = DatePrecision::kDay;
  std::optional<int> minute_of_day{};
  std::optional<int> utc_offset_minutes{};
};

struct Location {
  std::optional<std::string> place{};
  std::optional<std::string> district{};
  std::optional<std::string> province{};
  std::optional<std::string> country{};  // ISO 3166-1 alpha-2
  std::optional<double> lat{};
  std::optional<double> lon{};
};

// Free text ("IED") or a taxonomy code (GTD attack or target type).
struct TaxonomyValue {
  std::string text{};
  std::optional<int64_t> code{};
};

// A validated claim.v1 message. Strings are owned copies: they outlive the parser's buffers.
struct Claim {
  std::string source{};
  std::string claim_id{};
  int64_t revision = 0;
  std::string reported_at{};  // RFC 3339, as given
  std::string claimed_by{};
  std::string event_date_raw{};
  EventDate event_date{};
  Location location{};
  std::optional<TaxonomyValue> attack_type{};
  std::optional<TaxonomyValue> target{};
  std::optional<int64_t> killed{};  // nullopt = unknown
  std::optional<int64_t> wounded{};
  std::optional<std::string> language{};
  std::optional<std::string> text{};
};

const char* DatePrecisionName(DatePrecision precision);

}  // namespace claimwatch::parsing
