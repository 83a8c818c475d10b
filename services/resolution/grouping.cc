#include "services/resolution/grouping.h"

#include "services/resolution/incident.h"

namespace claimwatch::resolution {

bool DayPrecise(const ClaimFacts& claim) {
  return claim.event_date.precision == parsing::DatePrecision::kDay;
}

namespace {

using ByDay = std::map<int32_t, std::vector<const ClaimFacts*>>;

// The earliest day before `day` (within the tolerance) with a claim `claim` matches, else `day`.
int32_t Anchor(const ClaimFacts& claim, int32_t day, const ByDay& by_day, const MatchRules& rules) {
  for (auto it = by_day.lower_bound(day - rules.date_tolerance_days);
       it != by_day.end() && it->first < day; ++it) {
    for (const ClaimFacts* other : it->second) {
      if (Match(claim, *other, rules) != nullptr) return it->first;
    }
  }
  return day;
}

ByDay IndexByDay(const std::vector<ClaimFacts>& day_claims) {
  ByDay by_day;
  for (const auto& claim : day_claims) by_day[DayRange(claim.event_date).first].push_back(&claim);
  return by_day;
}

}  // namespace

int32_t AnchorDay(const ClaimFacts& claim, const std::vector<ClaimFacts>& day_claims,
                  const MatchRules& rules) {
  return Anchor(claim, DayRange(claim.event_date).first, IndexByDay(day_claims), rules);
}

std::vector<std::vector<ClaimFacts>> DayIncidents(const std::vector<ClaimFacts>& day_claims,
                                                  int32_t first_anchor, int32_t last_anchor,
                                                  const MatchRules& rules) {
  const ByDay by_day = IndexByDay(day_claims);
  std::map<int32_t, std::vector<ClaimFacts>> by_anchor;
  // An anchor is never after the claim's own day nor more than the tolerance before it.
  for (auto it = by_day.lower_bound(first_anchor);
       it != by_day.end() && it->first <= last_anchor + rules.date_tolerance_days; ++it) {
    for (const ClaimFacts* claim : it->second) {
      const int32_t anchor = Anchor(*claim, it->first, by_day, rules);
      if (anchor >= first_anchor && anchor <= last_anchor) by_anchor[anchor].push_back(*claim);
    }
  }
  std::vector<std::vector<ClaimFacts>> incidents;
  for (auto& [anchor, claims] : by_anchor) {
    for (auto& group : ConnectedGroups(std::move(claims), rules)) {
      incidents.push_back(std::move(group));
    }
  }
  return incidents;
}

std::vector<std::vector<ClaimFacts>> CoarseIncidents(const std::vector<ClaimFacts>& unattached,
                                                     const MatchRules& rules) {
  std::map<std::pair<int32_t, int32_t>, std::vector<ClaimFacts>> by_period;
  for (const auto& claim : unattached) by_period[DayRange(claim.event_date)].push_back(claim);
  std::vector<std::vector<ClaimFacts>> incidents;
  for (auto& [period, claims] : by_period) {
    for (auto& group : ConnectedGroups(std::move(claims), rules)) {
      incidents.push_back(std::move(group));
    }
  }
  return incidents;
}

}  // namespace claimwatch::resolution
