#pragma once

#include "nlohmann/json.hpp"
#include "services/parsing/claim.h"

namespace claimwatch::cli {

// A parsed claim as the JSON object `query claims` prints: identity, revision, parsed fields.
nlohmann::ordered_json ClaimToJson(const parsing::Claim& claim);

}  // namespace claimwatch::cli
