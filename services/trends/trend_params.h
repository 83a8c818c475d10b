#pragma once

#include <map>
#include <string>
#include <vector>

#include "services/trends/trend_queries.h"

namespace claimwatch::trends {

// Query parameters by name, as the HTTP API and `claimwatch query` take them. Errors start with
// the parameter's name: "from: not a month (YYYY-MM) or a date (YYYY-MM-DD)".
using Params = std::map<std::string, std::string, std::less<>>;

// group, province, attack_type, target_type (a value or "all"), interval (week|month|year),
// from, to (periods of the interval or dates; default: the year of periods ending at `today`'s).
[[nodiscard]] Result<SeriesQuery> SeriesQueryFrom(const Params& params, Day today);
// group, province, as_of (a date; default `today`).
[[nodiscard]] Result<TrendsQuery> TrendsQueryFrom(const Params& params, Day today,
                                                  const std::vector<int>& windows_days);
// group, province, contested (true|false), from, to (dates or months), limit (1–1000),
// cursor (from a previous page's next_cursor).
[[nodiscard]] Result<IncidentQuery> IncidentQueryFrom(const Params& params);

// as_of (a date; default `today`), window_days (1–3660; default 365).
[[nodiscard]] Result<CoClaimQuery> CoClaimQueryFrom(const Params& params, Day today);

// The parameter an error from the functions above names.
std::string ParameterOf(const absl::Status& status);

// An opaque cursor for a listing key, and back.
std::string EncodeCursor(std::string_view key);

}  // namespace claimwatch::trends
