#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "services/resolution/claim_facts.h"
#include "services/resolution/matching.h"

namespace claimwatch::resolution {

// How the claims of one location block form incidents. Every step is a function of the set of
// claims alone, so arrival order never matters, and each looks only a few days around a claim,
// so a change is regrouped locally (Resolver) and no incident spans more than
// 1 + date_tolerance_days days:
//
// 1. A day-precise claim is anchored at the earliest day, from tolerance days before its own up
//    to its own, on which a claim it matches falls (its own day if none). Claims that share an
//    anchor and match, directly or through each other, are one incident. Two claims a day apart
//    are one incident; a town with a compatible claim every day does not become one incident
//    for the whole run of days, but pairs of days at most.
// 2. A month- or year-precise claim joins the day incident it matches when exactly one does;
//    when none or several do (which attack it means is not known), it stays out of them, and
//    claims of the same period that match each other are one incident.

bool DayPrecise(const ClaimFacts& claim);

// The anchor day of day-precise `claim` among `day_claims`, which must hold every day-precise
// claim of its block from tolerance days before it to its own day.
int32_t AnchorDay(const ClaimFacts& claim, const std::vector<ClaimFacts>& day_claims,
                  const MatchRules& rules);

// Step 1 for the claims of `day_claims` whose anchor falls in [first_anchor, last_anchor];
// `day_claims` must cover tolerance days before first_anchor to tolerance days after last_anchor.
std::vector<std::vector<ClaimFacts>> DayIncidents(const std::vector<ClaimFacts>& day_claims,
                                                  int32_t first_anchor, int32_t last_anchor,
                                                  const MatchRules& rules);

// Step 2's grouping of coarse claims that joined no day incident: by period, then by matching.
std::vector<std::vector<ClaimFacts>> CoarseIncidents(const std::vector<ClaimFacts>& unattached,
                                                     const MatchRules& rules);

}  // namespace claimwatch::resolution
