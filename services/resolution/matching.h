#pragma once

#include "services/resolution/claim_facts.h"

namespace claimwatch::resolution {

// When two claims are about the same attack. From [resolution] in the config.
struct MatchRules {
  // Event dates may differ by this many days; a month or year date spans its whole period first.
  int date_tolerance_days = 1;
  // Claims that both give coordinates match within this distance, whatever town they name.
  double distance_km = 5.0;
  // A claim that names only a district (no town, no coordinates) matches any claim in it.
  bool district_level = true;
};

// Which rule makes `a` and `b` the same attack: "same_place", "within_distance" or
// "same_district"; nullptr when none does. Every rule also needs the same location block
// (district), overlapping event dates (with the tolerance) and compatible attack and target types
// (equal, or unknown on one side). Claims located only to a province or coarser never match; a
// town the gazetteer gives no district matches only claims naming that town.
// Symmetric: Match(a, b) == Match(b, a).
const char* Match(const ClaimFacts& a, const ClaimFacts& b, const MatchRules& rules);

// Located at least to a district, or to a town: only such claims can match another.
bool Matchable(const ClaimFacts& claim);

// Great-circle distance in kilometres (haversine, mean Earth radius).
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace claimwatch::resolution
