#include "services/normalisation/normalised_json.h"

#include "fmt/format.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace claimwatch::normalisation {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Text(Writer& writer, const char* key, std::string_view text) {
  writer.Key(key);
  if (text.empty()) {
    writer.Null();
  } else {
    writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }
}

void OptionalText(Writer& writer, const char* key, const std::optional<std::string>& text) {
  Text(writer, key, text ? std::string_view(*text) : std::string_view());
}

template <typename Number>
void Optional(Writer& writer, const char* key, const std::optional<Number>& number) {
  writer.Key(key);
  if (!number) {
    writer.Null();
  } else if constexpr (std::is_floating_point_v<Number>) {
    writer.Double(*number);
  } else {
    writer.Int64(*number);
  }
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
  Optional(writer, "lat", claim.lat);
  Optional(writer, "lon", claim.lon);
  Text(writer, "event_date", FormatEventDate(claim.event_date));
  Text(writer, "date_precision", parsing::DatePrecisionName(claim.event_date.precision));
  Optional(writer, "attack_type", claim.attack_type);
  Text(writer, "attack_subtype", claim.attack_subtype);
  Optional(writer, "target_type", claim.target_type);
  Text(writer, "target_subtype", claim.target_subtype);
  Optional(writer, "killed", claim.killed);
  Optional(writer, "wounded", claim.wounded);
  Resolution(writer, claim);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace claimwatch::normalisation
