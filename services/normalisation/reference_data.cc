#include "services/normalisation/reference_data.h"

#include <fstream>
#include <set>

#include "nlohmann/json.hpp"

namespace claimwatch::normalisation {
namespace {

using nlohmann::json;

// Reads typed fields of one NDJSON line; the first problem becomes "FILE:LINE: field: reason".
class LineReader {
 public:
  LineReader(const json& object, std::string where) : object_(object), where_(std::move(where)) {}

  std::string Text(const char* field, bool required = true) {
    auto it = object_.find(field);
    if (it == object_.end() || it->is_null()) {
      if (required) Fail(field, "missing");
      return {};
    }
    if (!it->is_string() || it->get<std::string>().empty())
      Fail(field, "expected a non-empty string");
    return it->is_string() ? it->get<std::string>() : std::string();
  }
  std::optional<std::string> OptionalText(const char* field) {
    auto it = object_.find(field);
    if (it == object_.end() || it->is_null()) return std::nullopt;
    return Text(field);
  }
  std::optional<double> Number(const char* field) {
    auto it = object_.find(field);
    if (it == object_.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) Fail(field, "expected a number");
    return it->is_number() ? std::optional<double>(it->get<double>()) : std::nullopt;
  }
  int Integer(const char* field) {
    auto it = object_.find(field);
    if (it == object_.end() || !it->is_number_integer()) {
      Fail(field, "expected an integer");
      return 0;
    }
    return it->get<int>();
  }
  std::vector<std::string> Texts(const char* field) {
    std::vector<std::string> texts;
    auto it = object_.find(field);
    if (it == object_.end()) return texts;
    if (!it->is_array()) Fail(field, "expected an array of strings");
    for (const auto& element : it->is_array() ? *it : json::array()) {
      if (!element.is_string() || element.get<std::string>().empty()) {
        Fail(field, "expected an array of non-empty strings");
        break;
      }
      texts.push_back(element.get<std::string>());
    }
    return texts;
  }
  void Fail(std::string_view field, std::string_view reason) {
    if (error_.ok()) error_ = FailedPrecondition(StrCat(where_, ": ", field, ": ", reason));
  }
  const absl::Status& error() const { return error_; }

 private:
  const json& object_;
  std::string where_;
  absl::Status error_;
};

// Calls `read(reader)` for every line of `path`.
template <typename ReadLine>
absl::Status ForEachLine(const std::string& path, ReadLine read) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return FailedPrecondition(StrCat(path, ": cannot open"));
  std::string line;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = StrCat(path, ":", number);
    json object = json::parse(line, nullptr, false);
    if (object.is_discarded() || !object.is_object()) {
      return FailedPrecondition(StrCat(where, ": not a JSON object"));
    }
    LineReader reader(object, where);
    read(reader);
    if (!reader.error().ok()) return reader.error();
  }
  return absl::OkStatus();
}

std::optional<PlaceKind> PlaceKindNamed(const std::string& kind) {
  if (kind == "country") return PlaceKind::kCountry;
  if (kind == "province") return PlaceKind::kProvince;
  if (kind == "district") return PlaceKind::kDistrict;
  if (kind == "place") return PlaceKind::kPlace;
  return std::nullopt;
}

void ReadPlace(LineReader& reader, ReferenceData& data) {
  const std::string kind = reader.Text("kind");
  auto place_kind = PlaceKindNamed(kind);
  if (!place_kind) return reader.Fail("kind", "expected country, province, district or place");
  Place place{.kind = *place_kind, .id = reader.Text("id"), .name = reader.Text("name")};
  place.country = *place_kind == PlaceKind::kCountry ? place.id : reader.Text("country", false);
  if (*place_kind >= PlaceKind::kDistrict) place.province = reader.Text("province");
  if (*place_kind == PlaceKind::kPlace) place.district = reader.Text("district", false);
  if (*place_kind == PlaceKind::kProvince) place.country = reader.Text("country");
  place.lat = reader.Number("lat");
  place.lon = reader.Number("lon");
  if (auto offset = reader.OptionalText("utc_offset")) {
    int hours = 0, minutes = 0;
    if (offset->size() != 6 || std::sscanf(offset->c_str() + 1, "%2d:%2d", &hours, &minutes) != 2) {
      return reader.Fail("utc_offset", "expected ±hh:mm");
    }
    place.utc_offset_minutes = ((*offset)[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  place.aliases = reader.Texts("aliases");
  if (data.place_index.contains(place.id)) return reader.Fail("id", "duplicate id " + place.id);
  data.place_index[place.id] = data.places.size();
  data.places.push_back(std::move(place));
}

// Every province, district and country a place names must exist, at the right level.
absl::Status CheckPlaceReferences(const ReferenceData& data) {
  auto check = [&](const Place& place, const std::string& id, PlaceKind kind,
                   const char* field) -> absl::Status {
    const Place* target = data.FindPlace(id);
    if (id.empty() || (target && target->kind == kind)) return absl::OkStatus();
    return FailedPrecondition(
        StrCat("gazetteer: ", place.id, ": ", field, " ", id, " is not a known ", field));
  };
  for (const auto& place : data.places) {
    for (auto status : {check(place, place.country, PlaceKind::kCountry, "country"),
                        check(place, place.province, PlaceKind::kProvince, "province"),
                        check(place, place.district, PlaceKind::kDistrict, "district")}) {
      if (!status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace

const Place* ReferenceData::FindPlace(const std::string& id) const {
  auto it = place_index.find(id);
  return it == place_index.end() ? nullptr : &places[it->second];
}

ReferenceFiles BundledReferenceFiles(const std::string& dir) {
  return {{dir + "/groups.ndjson"}, {dir + "/gazetteer.ndjson"}, {dir + "/taxonomy.ndjson"}};
}

Result<ReferenceData> LoadReferenceData(const ReferenceFiles& files) {
  ReferenceData data;
  std::set<std::string> group_ids;
  for (const auto& path : files.groups) {
    auto status = ForEachLine(path, [&](LineReader& reader) {
      Group group{.id = reader.Text("id"),
                  .name = reader.Text("name"),
                  .parent = reader.OptionalText("parent"),
                  .aliases = reader.Texts("aliases")};
      if (!group_ids.insert(group.id).second) return reader.Fail("id", "duplicate id " + group.id);
      data.groups.push_back(std::move(group));
    });
    if (!status.ok()) return status;
  }
  for (const auto& group : data.groups) {
    if (group.parent && !group_ids.contains(*group.parent)) {
      return FailedPrecondition(
          StrCat("groups: ", group.id, ": parent ", *group.parent, " is not a known group"));
    }
  }
  for (const auto& path : files.gazetteer) {
    auto status = ForEachLine(path, [&](LineReader& reader) { ReadPlace(reader, data); });
    if (!status.ok()) return status;
  }
  if (auto status = CheckPlaceReferences(data); !status.ok()) return status;
  for (const auto& path : files.taxonomy) {
    auto status = ForEachLine(path, [&](LineReader& reader) {
      const std::string kind = reader.Text("kind");
      if (kind != "attack_type" && kind != "target_type") {
        return reader.Fail("kind", "expected attack_type or target_type");
      }
      TaxonomyEntry entry{
          .kind = kind == "attack_type" ? TaxonomyKind::kAttackType : TaxonomyKind::kTargetType,
          .code = reader.Integer("code"),
          .name = reader.Text("name"),
          .subtype = reader.Text("subtype", false),
          .synonyms = reader.Texts("synonyms")};
      const int max_code = MaxGtdCode(entry.kind);
      if (entry.code < 1 || entry.code > max_code) {
        return reader.Fail("code", StrCat("expected a GTD code 1..", max_code));
      }
      data.taxonomy.push_back(std::move(entry));
    });
    if (!status.ok()) return status;
  }
  return data;
}

}  // namespace claimwatch::normalisation
