#pragma once

#include <string>
#include <vector>

#include "services/trends/trend_queries.h"

namespace claimwatch::trends {

// The API's answers: one JSON object each.
std::string SeriesToJson(const Series& series);
std::string TrendsToJson(const Trends& trends);
std::string IncidentPageToJson(const IncidentPage& page);
std::string CoClaimsToJson(const CoClaims& coclaims);

// `claimwatch query --format json`: one flat object a line (a series point, a window).
std::vector<std::string> SeriesToLines(const Series& series);
std::vector<std::string> TrendsToLines(const Trends& trends);
std::vector<std::string> CoClaimsToLines(const CoClaims& coclaims);

}  // namespace claimwatch::trends
