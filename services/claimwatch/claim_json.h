#pragma once

#include "nlohmann/json.hpp"
#include "services/parsing/claim.h"

namespace claimwatch::cli {

// A claim as `normalise` and `query claims` print it: identity and revision, who reported it,
// the normalised fields (group, place, district, province, country, event_date, date_precision,
// attack_type, target_type, killed, wounded, resolution — whose `raw` values are the claim's
// own), and the claim's location, language and text as given.
nlohmann::ordered_json ClaimToJson(const parsing::Claim& claim,
                                   const nlohmann::ordered_json& normalised);

}  // namespace claimwatch::cli
