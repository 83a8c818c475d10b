#pragma once

#include <string>

#include "services/normalisation/normaliser.h"

namespace claimwatch::normalisation {

// The normalised fields as one JSON object, as the store keeps them: group, place, district,
// province, country, lat, lon, event_date, date_precision, attack_type, attack_subtype,
// target_type, target_subtype, killed, wounded, and resolution {field: method} (the raw values
// stay in the claim; the printed form adds them). Written with RapidJSON's streaming writer:
// this runs once per ingested claim.
std::string NormalisedToJson(const NormalisedClaim& claim);

// "2022-10-14", "2022-10" or "2022", by precision.
std::string FormatEventDate(const parsing::EventDate& date);

}  // namespace claimwatch::normalisation
