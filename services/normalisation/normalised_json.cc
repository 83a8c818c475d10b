#include "services/normalisation/normalised_json.h"

#include "fmt/format.h"
#include "services/normalisation/json_fields.h"

namespace claimwatch::normalisation {
namespace {

using Writer = JsonWriter;

void OptionalText(Writer& writer, const char* key, const std::optional<std::string>& text) {
  WriteTextOrNull(writer, key, text ? std::string_view(*text) : std::string_view());
}

void Resolution(Writer& writer, const NormalisedClaim& claim) {
  writer.Key("resolution");
  writer.StartObject();
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (!claim.resolution[i]) continue;
    writer.Key(FieldName(static_cast<Field>(i)));
    writer.String(MethodName(*claim.resolution[i]));
  }
  writer.EndObject();
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

std::string NormalisedToJson(const NormalisedClaim& claim) {
  // One buffer per thread, kept between calls: its capacity is reused, not reallocated.
  thread_local rapidjson::StringBuffer buffer(nullptr, 1024);
  buffer.Clear();
  Writer writer(buffer);
  writer.StartObject();
  OptionalText(writer, "group", claim.group);
  OptionalText(writer, "place", claim.place);
  OptionalText(writer, "district", claim.district);
  OptionalText(writer, "province", claim.province);
  OptionalText(writer, "country", claim.country);
  WriteOptional(writer, "lat", claim.lat);
  WriteOptional(writer, "lon", claim.lon);
  WriteTextOrNull(writer, "event_date", FormatEventDate(claim.event_date));
  WriteTextOrNull(writer, "date_precision", parsing::DatePrecisionName(claim.event_date.precision));
  WriteOptional(writer, "attack_type", claim.attack_type);
  WriteTextOrNull(writer, "attack_subtype", claim.attack_subtype);
  WriteOptional(writer, "target_type", claim.target_type);
  WriteTextOrNull(writer, "target_subtype", claim.target_subtype);
  WriteOptional(writer, "killed", claim.killed);
  WriteOptional(writer, "wounded", claim.wounded);
  Resolution(writer, claim);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace claimwatch::normalisation
