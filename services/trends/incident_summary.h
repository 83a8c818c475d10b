#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/result/result.h"
#include "services/trends/calendar.h"

namespace claimwatch::trends {

// Dimension values that are not a group, province or type code.
inline constexpr std::string_view kAll = "all";                // the roll-up over a dimension
inline constexpr std::string_view kUnknown = "unknown";        // no province or type resolved
inline constexpr std::string_view kUnresolved = "unresolved";  // a claimant group not resolved

// What the trends need of an incident (incident.v1).
struct IncidentSummary {
  std::string id{};
  int64_t version = 0;
  // The event date at its precision: "2022-10-05", "2022-10" or "2022". A month-precision
  // incident counts in its month, never in a guessed day.
  std::string bucket{};
  std::string province{};             // ISO 3166-2, or kUnknown
  std::string place{};                // the town, or "" (not a series dimension)
  std::vector<std::string> groups{};  // claimant groups, sorted, unique; kUnresolved for null
  std::string attack_type{};          // GTD code ("3"), or kUnknown
  std::string attack_subtype{};       // "ied", "suicide", …, or "" (not a series dimension)
  std::string target_type{};
  bool contested = false;
};

// Reads incident.v1 JSON. Errors name the field: "claimants[1].group: expected string or null".
[[nodiscard]] Result<IncidentSummary> SummaryFromJson(std::string_view json);

// The days a bucket covers: one day, a month, or a year.
std::pair<Day, Day> BucketDays(std::string_view bucket);
enum class BucketKind { kDay, kMonth, kYear };
BucketKind KindOf(std::string_view bucket);

}  // namespace claimwatch::trends
