#include "services/claimwatch/claim_json.h"

namespace claimwatch::cli {
namespace {

template <typename T>
void PutIf(nlohmann::ordered_json& object, const char* key, const std::optional<T>& value) {
  if (value) object[key] = *value;
}

nlohmann::ordered_json TaxonomyToJson(const std::optional<parsing::TaxonomyValue>& value) {
  if (!value) return nullptr;
  if (value->code) return *value->code;
  return value->text;
}

nlohmann::ordered_json CountToJson(const std::optional<int64_t>& count) {
  if (!count) return nullptr;
  return *count;
}

}  // namespace

nlohmann::ordered_json ClaimToJson(const parsing::Claim& claim) {
  nlohmann::ordered_json location = nlohmann::ordered_json::object();
  PutIf(location, "place", claim.location.place);
  PutIf(location, "district", claim.location.district);
  PutIf(location, "province", claim.location.province);
  PutIf(location, "country", claim.location.country);
  PutIf(location, "lat", claim.location.lat);
  PutIf(location, "lon", claim.location.lon);
  nlohmann::ordered_json json = {
      {"source", claim.source},
      {"claim_id", claim.claim_id},
      {"revision", claim.revision},
      {"reported_at", claim.reported_at},
      {"claimed_by", claim.claimed_by},
      {"event_date", claim.event_date_raw},
      {"date_precision", parsing::DatePrecisionName(claim.event_date.precision)},
      {"location", location},
      {"attack_type", TaxonomyToJson(claim.attack_type)},
      {"target", TaxonomyToJson(claim.target)},
      {"killed", CountToJson(claim.killed)},
      {"wounded", CountToJson(claim.wounded)},
  };
  PutIf(json, "language", claim.language);
  PutIf(json, "text", claim.text);
  return json;
}

}  // namespace claimwatch::cli
