#pragma once

#include <string>

#include "services/parsing/dates.h"
#include "services/resolution/claim_facts.h"

namespace claimwatch::resolution::testing {

// A claim in Rawalpindi city on 30 January 2022 by the TTP: an armed assault on police, one
// killed. Tests change what they need.
inline ClaimFacts RawalpindiClaim(std::string source, std::string claim_id) {
  ClaimFacts claim;
  claim.source = std::move(source);
  claim.claim_id = std::move(claim_id);
  claim.reported_at = "2022-01-30T12:00:00Z";
  claim.claimed_by = "TTP";
  claim.group = "ttp";
  claim.place = "Rawalpindi";
  claim.place_id = "pk-rawalpindi";
  claim.district = "Rawalpindi";
  claim.province = "PK-PB";
  claim.country = "PK";
  claim.event_date = *parsing::ParseEventDate("2022-01-30");
  claim.attack_type = 2;
  claim.target_type = 3;
  claim.killed = 1;
  return claim;
}

inline parsing::EventDate Date(std::string_view text) { return *parsing::ParseEventDate(text); }

}  // namespace claimwatch::resolution::testing
