#include "services/normalisation/normalised_json.h"

#include "fmt/format.h"

namespace claimwatch::normalisation {
namespace {

template <typename T>
nlohmann::ordered_json OrNull(const std::optional<T>& value) {
  if (!value) return nullptr;
  return *value;
}

nlohmann::ordered_json OrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  return text;
}

}  // namespace

std::string FormatEventDate(const parsing::EventDate& date) {
  switch (date.precision) {
    case parsing::DatePrecision::kYear:
      return fmt::format("{:04d}", date.year);
    case parsing::DatePrecision::kMonth:
      return fmt::format("{:04d}-{:02d}", date.year, date.month);
    case parsing::DatePrecision::kDay:
      break;
  }
  return fmt::format("{:04d}-{:02d}-{:02d}", date.year, date.month, date.day);
}

nlohmann::ordered_json NormalisedToJson(const NormalisedClaim& claim) {
  nlohmann::ordered_json resolution = nlohmann::ordered_json::object();
  for (const auto& [field, how] : claim.resolution) {
    resolution[field] = {{"method", MethodName(how.method)}, {"raw", how.raw}};
  }
  return {{"group", OrNull(claim.group)},
          {"place", OrNull(claim.place)},
          {"district", OrNull(claim.district)},
          {"province", OrNull(claim.province)},
          {"country", OrNull(claim.country)},
          {"lat", OrNull(claim.lat)},
          {"lon", OrNull(claim.lon)},
          {"event_date", FormatEventDate(claim.event_date)},
          {"date_precision", parsing::DatePrecisionName(claim.event_date.precision)},
          {"attack_type", OrNull(claim.attack_type)},
          {"attack_subtype", OrNull(claim.attack_subtype)},
          {"target_type", OrNull(claim.target_type)},
          {"target_subtype", OrNull(claim.target_subtype)},
          {"killed", OrNull(claim.killed)},
          {"wounded", OrNull(claim.wounded)},
          {"resolution", resolution}};
}

}  // namespace claimwatch::normalisation
