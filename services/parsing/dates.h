#pragma once

#include <optional>
#include <string_view>

#include "services/parsing/claim.h"

namespace claimwatch::parsing {

// True when `text` is an RFC 3339 date-time ("2022-10-14T09:30:00Z", "...+05:00", fractional
// seconds allowed) naming a real calendar date and time.
bool IsRfc3339DateTime(std::string_view text);

// Parses an event date with its precision: "YYYY-MM-DD", "YYYY-MM", "YYYY", an RFC 3339
// date-time (the date as written, with its time and offset kept), or the common English forms
// "October 14, 2022", "Oct. 14 2022", "14 Oct 2022", "14th October 2022", "October 2022".
// Returns nullopt when `text` is none of these or not a real calendar date.
std::optional<EventDate> ParseEventDate(std::string_view text);

}  // namespace claimwatch::parsing
