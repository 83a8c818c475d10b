#include "services/resolution/claim_facts.h"

#include <chrono>

#include "fmt/chrono.h"
#include "fmt/format.h"
#include "services/normalisation/normalised_json.h"
#include "services/parsing/dates.h"
#include "services/resolution/facts_json.h"
#include "xxhash.h"

namespace claimwatch::resolution {
namespace {

int32_t DaysSinceEpoch(int year, int month, int day) {
  using namespace std::chrono;
  const sys_days days{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} /
                      std::chrono::day{static_cast<unsigned>(day)}};
  return static_cast<int32_t>(days.time_since_epoch().count());
}

int DaysInMonth(int year, int month) {
  using namespace std::chrono;
  const year_month_day_last last{std::chrono::year{year} /
                                 std::chrono::month{static_cast<unsigned>(month)} /
                                 std::chrono::last};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

std::optional<parsing::DatePrecision> PrecisionNamed(std::string_view name) {
  if (name == "day") return parsing::DatePrecision::kDay;
  if (name == "month") return parsing::DatePrecision::kMonth;
  if (name == "year") return parsing::DatePrecision::kYear;
  return std::nullopt;
}

// Reads `key` of `object` into `out` when present and not null; false when it has another type.
bool ReadOptionalText(const rapidjson::Value& object, const char* key,
                      std::optional<std::string>& out) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || it->value.IsNull()) return true;
  if (!it->value.IsString()) return false;
  out.emplace(it->value.GetString(), it->value.GetStringLength());
  return true;
}

template <typename Number>
bool ReadOptionalNumber(const rapidjson::Value& object, const char* key,
                        std::optional<Number>& out) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || it->value.IsNull()) return true;
  if constexpr (std::is_floating_point_v<Number>) {
    if (!it->value.IsNumber()) return false;
    out = it->value.GetDouble();
  } else {
    if (!it->value.IsInt64()) return false;
    out = static_cast<Number>(it->value.GetInt64());
  }
  return true;
}

Result<std::string> RequiredText(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd()) return InvalidInput(StrCat(key, ": required"));
  if (!it->value.IsString()) return InvalidInput(StrCat(key, ": expected string"));
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

ClaimFacts FactsOf(const parsing::Claim& claim, const normalisation::NormalisedClaim& normalised) {
  return ClaimFacts{
      .source = claim.source,
      .claim_id = claim.claim_id,
      .revision = claim.revision,
      .reported_at = ToUtc(claim.reported_at),
      .claimed_by = claim.claimed_by,
      .group = normalised.group,
      .place = normalised.place,
      .place_id = normalised.place_id,
      .district = normalised.district,
      .province = normalised.province,
      .country = normalised.country,
      .lat = claim.location.lat,
      .lon = claim.location.lon,
      .event_date = normalised.event_date,
      .attack_type = normalised.attack_type,
      .attack_subtype = normalised.attack_subtype,
      .target_type = normalised.target_type,
      .killed = normalised.killed,
      .wounded = normalised.wounded,
  };
}

std::string LocationBlock(const ClaimFacts& claim) {
  return StrCat(claim.country.value_or(""), "/", claim.province.value_or(""), "/",
                claim.district.value_or(""));
}

std::string LocationBlockOfNormalisedJson(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  ClaimFacts facts;
  if (!document.HasParseError() && document.IsObject()) {
    ReadOptionalText(document, "country", facts.country);
    ReadOptionalText(document, "province", facts.province);
    ReadOptionalText(document, "district", facts.district);
  }
  return LocationBlock(facts);
}

std::string ClaimName(const ClaimFacts& claim) { return StrCat(claim.source, "/", claim.claim_id); }

std::optional<uint64_t> ContentFingerprint(const ClaimFacts& claim) {
  if (!claim.group || (!claim.district && !claim.place_id) || claim.event_date.year == 0) {
    return std::nullopt;
  }
  auto number = [](const auto& value) { return value ? fmt::format("{}", *value) : std::string(); };
  std::string content =
      fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", *claim.group,
                  LocationBlock(claim), claim.place_id.value_or(""),
                  normalisation::FormatEventDate(claim.event_date), number(claim.attack_type),
                  number(claim.target_type), number(claim.killed), number(claim.wounded),
                  number(claim.lat), number(claim.lon));
  // Appended only when set: a claim without a subtype keeps the fingerprint it had before
  // subtypes were carried, the one the stored content index holds.
  if (!claim.attack_subtype.empty()) content += StrCat("\x1f", claim.attack_subtype);
  return XXH3_64bits(content.data(), content.size());
}

std::pair<int32_t, int32_t> DayRange(const parsing::EventDate& date) {
  switch (date.precision) {
    case parsing::DatePrecision::kYear:
      return {DaysSinceEpoch(date.year, 1, 1), DaysSinceEpoch(date.year, 12, 31)};
    case parsing::DatePrecision::kMonth:
      return {DaysSinceEpoch(date.year, date.month, 1),
              DaysSinceEpoch(date.year, date.month, DaysInMonth(date.year, date.month))};
    case parsing::DatePrecision::kDay:
      break;
  }
  const int32_t day = DaysSinceEpoch(date.year, date.month, date.day);
  return {day, day};
}

std::string ToUtc(std::string_view text) {
  if (!parsing::IsRfc3339DateTime(text)) return "";
  auto digits = [&](size_t at, size_t count) {
    int value = 0;
    for (size_t i = at; i < at + count; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM); fractions are dropped.
  int64_t seconds = int64_t{DaysSinceEpoch(digits(0, 4), digits(5, 2), digits(8, 2))} * 86400 +
                    digits(11, 2) * 3600 + digits(14, 2) * 60 + digits(17, 2);
  size_t zone = 19;
  while (zone < text.size() && text[zone] != 'Z' && text[zone] != 'z' && text[zone] != '+' &&
         text[zone] != '-') {
    ++zone;
  }
  if (zone < text.size() && (text[zone] == '+' || text[zone] == '-')) {
    const int64_t offset = digits(zone + 1, 2) * 3600 + digits(zone + 4, 2) * 60;
    seconds += text[zone] == '+' ? -offset : offset;
  }
  const auto point = std::chrono::sys_seconds{std::chrono::seconds{seconds}};
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", point);
}

void WriteFacts(JsonWriter& writer, const ClaimFacts& claim) {
  WriteText(writer, "source", claim.source);
  WriteText(writer, "claim_id", claim.claim_id);
  writer.Key("revision");
  writer.Int64(claim.revision);
  WriteText(writer, "reported_at", claim.reported_at);
  WriteText(writer, "claimed_by", claim.claimed_by);
  WriteOptionalText(writer, "group", claim.group);
  WriteOptionalText(writer, "place", claim.place);
  WriteOptionalText(writer, "place_id", claim.place_id);
  WriteOptionalText(writer, "district", claim.district);
  WriteOptionalText(writer, "province", claim.province);
  WriteOptionalText(writer, "country", claim.country);
  WriteOptional(writer, "lat", claim.lat);
  WriteOptional(writer, "lon", claim.lon);
  WriteText(writer, "event_date", normalisation::FormatEventDate(claim.event_date));
  WriteText(writer, "date_precision", parsing::DatePrecisionName(claim.event_date.precision));
  WriteOptional(writer, "attack_type", claim.attack_type);
  WriteTextOrNull(writer, "attack_subtype", claim.attack_subtype);
  WriteOptional(writer, "target_type", claim.target_type);
  WriteOptional(writer, "killed", claim.killed);
  WriteOptional(writer, "wounded", claim.wounded);
}

Result<ClaimFacts> ReadFacts(const rapidjson::Value& object) {
  if (!object.IsObject()) return InvalidInput("claim: expected object");
  ClaimFacts claim;
  auto source = RequiredText(object, "source");
  if (!source.ok()) return source.status();
  auto claim_id = RequiredText(object, "claim_id");
  if (!claim_id.ok()) return claim_id.status();
  claim.source = std::move(*source);
  claim.claim_id = std::move(*claim_id);
  if (claim.source.empty()) return InvalidInput("source: empty");
  if (claim.claim_id.empty()) return InvalidInput("claim_id: empty");
  auto revision = object.FindMember("revision");
  if (revision == object.MemberEnd() || !revision->value.IsInt64() ||
      revision->value.GetInt64() < 0) {
    return InvalidInput("revision: expected a non-negative integer");
  }
  claim.revision = revision->value.GetInt64();
  std::optional<std::string> reported_at, claimed_by, event_date, precision;
  const std::pair<const char*, std::optional<std::string>*> texts[] = {
      {"reported_at", &reported_at}, {"claimed_by", &claimed_by},   {"group", &claim.group},
      {"place", &claim.place},       {"place_id", &claim.place_id}, {"district", &claim.district},
      {"province", &claim.province}, {"country", &claim.country},   {"event_date", &event_date},
      {"date_precision", &precision}};
  for (const auto& [key, out] : texts) {
    if (!ReadOptionalText(object, key, *out)) return InvalidInput(StrCat(key, ": expected string"));
  }
  claim.reported_at = reported_at.value_or("");
  claim.claimed_by = claimed_by.value_or("");
  if (!ReadOptionalNumber(object, "lat", claim.lat)) return InvalidInput("lat: expected number");
  if (!ReadOptionalNumber(object, "lon", claim.lon)) return InvalidInput("lon: expected number");
  if (claim.lat.has_value() != claim.lon.has_value()) {
    return InvalidInput("lat: lat and lon come together");
  }
  const std::pair<const char*, std::optional<int>*> codes[] = {{"attack_type", &claim.attack_type},
                                                               {"target_type", &claim.target_type}};
  for (const auto& [key, out] : codes) {
    if (!ReadOptionalNumber(object, key, *out))
      return InvalidInput(StrCat(key, ": expected integer"));
  }
  std::optional<std::string> attack_subtype;  // absent in what was written before subtypes
  if (!ReadOptionalText(object, "attack_subtype", attack_subtype)) {
    return InvalidInput("attack_subtype: expected string");
  }
  claim.attack_subtype = attack_subtype.value_or("");
  const std::pair<const char*, std::optional<int64_t>*> counts[] = {{"killed", &claim.killed},
                                                                    {"wounded", &claim.wounded}};
  for (const auto& [key, out] : counts) {
    if (!ReadOptionalNumber(object, key, *out))
      return InvalidInput(StrCat(key, ": expected integer"));
  }
  if (!event_date) return InvalidInput("event_date: required");
  auto date = parsing::ParseEventDate(*event_date);
  if (!date) return InvalidInput("event_date: not a date");
  auto named = PrecisionNamed(precision.value_or(""));
  if (!named || *named != date->precision) {
    return InvalidInput("date_precision: does not match event_date");
  }
  claim.event_date = *date;
  return claim;
}

std::string ChangeToJson(const ClaimChange& change) {
  thread_local rapidjson::StringBuffer buffer(nullptr, 1024);
  buffer.Clear();
  JsonWriter writer(buffer);
  writer.StartObject();
  WriteText(writer, "schema", "claim_change.v1");
  WriteText(writer, "change", change.retract ? "retract" : "upsert");
  if (change.retract) {
    WriteText(writer, "source", change.claim.source);
    WriteText(writer, "claim_id", change.claim.claim_id);
    writer.Key("revision");
    writer.Int64(change.claim.revision);
  } else {
    WriteFacts(writer, change.claim);
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<ClaimChange> ChangeFromJson(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  if (document.HasParseError() || !document.IsObject()) {
    return InvalidInput("message: not a JSON object");
  }
  auto schema = RequiredText(document, "schema");
  if (!schema.ok()) return schema.status();
  if (*schema != "claim_change.v1") return InvalidInput(StrCat("schema: unknown ", *schema));
  auto kind = RequiredText(document, "change");
  if (!kind.ok()) return kind.status();
  ClaimChange change;
  if (*kind == "retract") {
    change.retract = true;
    auto source = RequiredText(document, "source");
    auto claim_id = RequiredText(document, "claim_id");
    if (!source.ok()) return source.status();
    if (!claim_id.ok()) return claim_id.status();
    auto revision = document.FindMember("revision");
    if (revision == document.MemberEnd() || !revision->value.IsInt64()) {
      return InvalidInput("revision: expected integer");
    }
    change.claim.source = std::move(*source);
    change.claim.claim_id = std::move(*claim_id);
    change.claim.revision = revision->value.GetInt64();
    return change;
  }
  if (*kind != "upsert") return InvalidInput("change: expected \"upsert\" or \"retract\"");
  auto facts = ReadFacts(document);
  if (!facts.ok()) return facts.status();
  change.claim = std::move(*facts);
  return change;
}

}  // namespace claimwatch::resolution
