#pragma once

#include "nlohmann/json.hpp"
#include "services/normalisation/normaliser.h"

namespace claimwatch::normalisation {

// The normalised fields as `normalise` prints them and the store keeps them: group, place,
// district, province, country, lat, lon, event_date, date_precision, attack_type,
// attack_subtype, target_type, target_subtype, killed, wounded, resolution.
nlohmann::ordered_json NormalisedToJson(const NormalisedClaim& claim);

// "2022-10-14", "2022-10" or "2022", by precision.
std::string FormatEventDate(const parsing::EventDate& date);

}  // namespace claimwatch::normalisation
