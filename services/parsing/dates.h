#pragma once

#include <optional>
#include <string_view>

#include "services/parsing/claim.h"

namespace claimwatch::parsing {

// True when `text` is an RFC 3339 date-time ("2022-10-14T09:30:00Z", "...+05:00", fractional
// seconds allowed) naming a real calendar date and time.
bool IsRfc3339DateTime(std::string_view text);

// Parses an event date: "YYYY-MM-DD" (day), "YYYY-MM" (month) or an RFC 3339 date-time (day,
// the local date as written). Returns nullopt when `text` is none of these or not a real date.
std::optional<EventDate> ParseEventDate(std::string_view text);

}  // namespace claimwatch::parsing
