#include "services/trends/incident_summary.h"

#include <algorithm>

#include "rapidjson/document.h"

namespace claimwatch::trends {
namespace {

using rapidjson::Value;

Result<std::string> Text(const Value& object, const char* field, bool nullable) {
  auto it = object.FindMember(field);
  if (it == object.MemberEnd()) return InvalidInput(StrCat(field, ": missing"));
  if (it->value.IsNull() && nullable) return std::string(kUnknown);
  if (!it->value.IsString()) {
    return InvalidInput(
        StrCat(field, nullable ? ": expected string or null" : ": expected string"));
  }
  std::string text(it->value.GetString(), it->value.GetStringLength());
  if (text.empty() || text.find('\0') != std::string::npos) {
    return InvalidInput(StrCat(field, ": empty or contains NUL"));
  }
  return text;
}

// "" when the field is null or absent (incidents written before it was).
Result<std::string> OptionalText(const Value& object, const char* field) {
  auto it = object.FindMember(field);
  if (it == object.MemberEnd() || it->value.IsNull()) return std::string();
  return Text(object, field, true);
}

Result<std::string> TypeCode(const Value& object, const char* field) {
  auto it = object.FindMember(field);
  if (it == object.MemberEnd()) return InvalidInput(StrCat(field, ": missing"));
  if (it->value.IsNull()) return std::string(kUnknown);
  if (!it->value.IsInt() || it->value.GetInt() < 0) {
    return InvalidInput(StrCat(field, ": expected a non-negative integer or null"));
  }
  return std::to_string(it->value.GetInt());
}

Result<std::string> Bucket(const Value& object) {
  auto date = Text(object, "event_date", false);
  if (!date.ok()) return date.status();
  auto precision = Text(object, "date_precision", false);
  if (!precision.ok()) return precision.status();
  const std::string_view day = std::string_view(*date).substr(0, 10);
  if (*precision == "day" && ParseDay(day)) return std::string(day);
  if (*precision == "month" && ParseMonth(std::string_view(*date).substr(0, 7))) {
    return date->substr(0, 7);
  }
  if (*precision == "year" && date->size() >= 4 && ParseMonth(date->substr(0, 4) + "-01")) {
    return date->substr(0, 4);
  }
  return InvalidInput(
      StrCat("event_date: \"", *date, "\" is not a date of precision \"", *precision, "\""));
}

Result<std::vector<std::string>> Groups(const Value& object) {
  auto it = object.FindMember("claimants");
  if (it == object.MemberEnd() || !it->value.IsArray()) {
    return InvalidInput("claimants: expected array");
  }
  std::vector<std::string> groups;
  size_t index = 0;
  for (const auto& claimant : it->value.GetArray()) {
    const std::string field = StrCat("claimants[", index++, "].group");
    if (!claimant.IsObject() || !claimant.HasMember("group")) {
      return InvalidInput(StrCat(field, ": missing"));
    }
    const Value& group = claimant["group"];
    if (group.IsNull()) {
      groups.emplace_back(kUnresolved);
    } else if (group.IsString() && group.GetStringLength() > 0 &&
               std::string_view(group.GetString(), group.GetStringLength()).find('\0') ==
                   std::string_view::npos) {
      groups.emplace_back(group.GetString(), group.GetStringLength());
    } else {
      return InvalidInput(StrCat(field, ": expected a non-empty string or null"));
    }
  }
  if (groups.empty()) return InvalidInput("claimants: empty");
  std::sort(groups.begin(), groups.end());
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  return groups;
}

}  // namespace

Result<IncidentSummary> SummaryFromJson(std::string_view json) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  if (document.HasParseError()) {
    return InvalidInput(StrCat("incident: not JSON (at byte ", document.GetErrorOffset(), ")"));
  }
  if (!document.IsObject()) return InvalidInput("incident: expected an object");
  IncidentSummary summary;
  auto id = Text(document, "incident_id", false);
  if (!id.ok()) return id.status();
  summary.id = std::move(*id);
  if (!document.HasMember("version") || !document["version"].IsInt64() ||
      document["version"].GetInt64() < 1) {
    return InvalidInput("version: expected a positive integer");
  }
  summary.version = document["version"].GetInt64();
  auto bucket = Bucket(document);
  if (!bucket.ok()) return bucket.status();
  summary.bucket = std::move(*bucket);
  auto province = Text(document, "province", true);
  if (!province.ok()) return province.status();
  summary.province = std::move(*province);
  auto place = OptionalText(document, "place");
  if (!place.ok()) return place.status();
  summary.place = std::move(*place);
  auto groups = Groups(document);
  if (!groups.ok()) return groups.status();
  summary.groups = std::move(*groups);
  auto attack = TypeCode(document, "attack_type");
  if (!attack.ok()) return attack.status();
  summary.attack_type = std::move(*attack);
  auto subtype = OptionalText(document, "attack_subtype");
  if (!subtype.ok()) return subtype.status();
  summary.attack_subtype = std::move(*subtype);
  auto target = TypeCode(document, "target_type");
  if (!target.ok()) return target.status();
  summary.target_type = std::move(*target);
  summary.contested = document.HasMember("contested") && document["contested"].IsBool() &&
                      document["contested"].GetBool();
  return summary;
}

BucketKind KindOf(std::string_view bucket) {
  if (bucket.size() == 4) return BucketKind::kYear;
  return bucket.size() == 7 ? BucketKind::kMonth : BucketKind::kDay;
}

std::pair<Day, Day> BucketDays(std::string_view bucket) {
  switch (KindOf(bucket)) {
    case BucketKind::kYear: {
      const int year = *ParseMonth(std::string(bucket) + "-01") / 12;
      return {ToDay(year, 1, 1), ToDay(year, 12, 31)};
    }
    case BucketKind::kMonth: {
      const int month = *ParseMonth(bucket);
      return {FirstDayOfMonth(month), LastDayOfMonth(month)};
    }
    case BucketKind::kDay:
      break;
  }
  const Day day = *ParseDay(bucket);
  return {day, day};
}

}  // namespace claimwatch::trends
