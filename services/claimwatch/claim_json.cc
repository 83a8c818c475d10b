#include "services/claimwatch/claim_json.h"

#include "services/normalisation/normaliser.h"

namespace claimwatch::cli {
namespace {

template <typename T>
void PutIf(nlohmann::ordered_json& object, const char* key, const std::optional<T>& value) {
  if (value) object[key] = *value;
}

}  // namespace

nlohmann::ordered_json ClaimToJson(const parsing::Claim& claim,
                                   const nlohmann::ordered_json& normalised) {
  nlohmann::ordered_json location = nlohmann::ordered_json::object();
  PutIf(location, "place", claim.location.place);
  PutIf(location, "district", claim.location.district);
  PutIf(location, "province", claim.location.province);
  PutIf(location, "country", claim.location.country);
  PutIf(location, "lat", claim.location.lat);
  PutIf(location, "lon", claim.location.lon);
  nlohmann::ordered_json json = {
      {"claim_id", claim.claim_id},     {"source", claim.source},
      {"revision", claim.revision},     {"reported_at", claim.reported_at},
      {"claimed_by", claim.claimed_by},
  };
  for (const auto& [key, value] : normalised.items()) json[key] = value;
  // The store keeps {field: method}; print {field: {method, raw}} with the claim's own text.
  if (json.contains("resolution") && json["resolution"].is_object()) {
    for (size_t i = 0; i < normalisation::kFieldCount; ++i) {
      const auto field = static_cast<normalisation::Field>(i);
      auto& entry = json["resolution"][normalisation::FieldName(field)];
      if (entry.is_null()) {
        json["resolution"].erase(normalisation::FieldName(field));
        continue;
      }
      entry = {{"method", entry}, {"raw", normalisation::RawValue(claim, field)}};
    }
  }
  json["location"] = location;
  PutIf(json, "language", claim.language);
  PutIf(json, "text", claim.text);
  return json;
}

}  // namespace claimwatch::cli
