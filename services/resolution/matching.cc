#include "services/resolution/matching.h"

#include <cmath>
#include <numbers>

namespace claimwatch::resolution {
namespace {

// GTD's "Unknown" codes: compatible with anything, like a type the claim did not give.
constexpr int kUnknownAttackType = 9;
constexpr int kUnknownTargetType = 20;

bool Compatible(const std::optional<int>& a, const std::optional<int>& b, int unknown) {
  return !a || !b || *a == *b || *a == unknown || *b == unknown;
}

bool DatesOverlap(const ClaimFacts& a, const ClaimFacts& b, int tolerance) {
  const auto [a_first, a_last] = DayRange(a.event_date);
  const auto [b_first, b_last] = DayRange(b.event_date);
  return a_first - tolerance <= b_last && b_first - tolerance <= a_last;
}

bool DistrictOnly(const ClaimFacts& claim) { return !claim.place_id && !claim.lat; }

}  // namespace

bool Matchable(const ClaimFacts& claim) { return claim.district || claim.place_id; }

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRadians = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRadians;
  const double dlon = (lon2 - lon1) * kRadians;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

const char* Match(const ClaimFacts& a, const ClaimFacts& b, const MatchRules& rules) {
  if (!Matchable(a) || a.district != b.district || a.province != b.province ||
      a.country != b.country) {
    return nullptr;
  }
  // A town the gazetteer places in no district (Karachi) matches only itself.
  if (!a.district && a.place_id != b.place_id) return nullptr;
  if (!DatesOverlap(a, b, rules.date_tolerance_days)) return nullptr;
  if (!Compatible(a.attack_type, b.attack_type, kUnknownAttackType) ||
      !Compatible(a.target_type, b.target_type, kUnknownTargetType)) {
    return nullptr;
  }
  if (a.place_id && a.place_id == b.place_id) return "same_place";
  if (a.lat && b.lat && DistanceKm(*a.lat, *a.lon, *b.lat, *b.lon) <= rules.distance_km) {
    return "within_distance";
  }
  if (rules.district_level && (DistrictOnly(a) || DistrictOnly(b))) return "same_district";
  return nullptr;
}

}  // namespace claimwatch::resolution
