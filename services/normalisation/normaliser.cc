#include "services/normalisation/normaliser.h"

#include <algorithm>
#include <chrono>

namespace claimwatch::normalisation {
namespace {

std::string TaxonomyId(TaxonomyKind kind, int code, const std::string& subtype) {
  return StrCat(kind == TaxonomyKind::kAttackType ? "a:" : "t:", code, ":", subtype);
}

// The one candidate that lies in `province` (any province when unknown), or null when there
// is none or more than one. Runs per location field per claim: no copies.
const Place* OnlyOneInProvince(const ReferenceData& data, const std::vector<std::string>& ids,
                               const std::optional<std::string>& province) {
  const Place* found = nullptr;
  for (const auto& id : ids) {
    const Place* place = data.FindPlace(id);
    if (place == nullptr || (province && place->province != *province)) continue;
    if (found != nullptr) return nullptr;
    found = place;
  }
  return found;
}

}  // namespace

const char* FieldName(Field field) {
  static constexpr const char* kNames[] = {"group", "country",     "province",    "district",
                                           "place", "attack_type", "target_type", "event_date"};
  return kNames[static_cast<size_t>(field)];
}

std::string_view RawValue(const parsing::Claim& claim, Field field) {
  auto text = [](const std::optional<std::string>& value) {
    return value ? std::string_view(*value) : std::string_view();
  };
  switch (field) {
    case Field::kGroup:
      return claim.claimed_by;
    case Field::kCountry:
      return text(claim.location.country);
    case Field::kProvince:
      return text(claim.location.province);
    case Field::kDistrict:
      return text(claim.location.district);
    case Field::kPlace:
      return text(claim.location.place);
    case Field::kAttackType:
      return claim.attack_type ? std::string_view(claim.attack_type->text) : std::string_view();
    case Field::kTargetType:
      return claim.target ? std::string_view(claim.target->text) : std::string_view();
    case Field::kEventDate:
      return claim.event_date_raw;
  }
  return {};
}

Result<std::unique_ptr<Normaliser>> Normaliser::Create(ReferenceData data) {
  auto folder = TextFolder::Create();
  if (!folder.ok()) return folder.status();
  std::unique_ptr<Normaliser> normaliser(new Normaliser());
  normaliser->data_ = std::move(data);
  normaliser->folder_ = std::move(*folder);
  normaliser->BuildIndexes();
  return normaliser;
}

void Normaliser::BuildIndexes() {
  for (auto* index : {&groups_, &countries_, &provinces_, &districts_, &places_, &attack_types_,
                      &target_types_}) {
    *index = std::make_unique<NameIndex>(*folder_);
  }
  for (const auto& group : data_.groups) {
    groups_->Add(group.id, group.id);
    groups_->Add(group.name, group.id);
    for (const auto& alias : group.aliases) groups_->Add(alias, group.id);
  }
  for (const auto& place : data_.places) {
    NameIndex* index = place.kind == PlaceKind::kCountry    ? countries_.get()
                       : place.kind == PlaceKind::kProvince ? provinces_.get()
                       : place.kind == PlaceKind::kDistrict ? districts_.get()
                                                            : places_.get();
    if (place.kind <= PlaceKind::kProvince) index->Add(place.id, place.id);  // "PK-BA", "PK"
    index->Add(place.name, place.id);
    for (const auto& alias : place.aliases) index->Add(alias, place.id);
  }
  for (const auto& entry : data_.taxonomy) {
    const std::string id = TaxonomyId(entry.kind, entry.code, entry.subtype);
    taxonomy_ids_[id] = {entry.code, entry.subtype};
    NameIndex& index = entry.kind == TaxonomyKind::kAttackType ? *attack_types_ : *target_types_;
    if (entry.subtype.empty()) index.Add(entry.name, id);
    for (const auto& synonym : entry.synonyms) index.Add(synonym, id);
  }
}

NormalisedClaim Normaliser::Normalise(const parsing::Claim& claim) const {
  NormalisedClaim out;
  ResolveGroup(claim, out);
  ResolveLocation(claim.location, out);
  ResolveTaxonomy(claim.attack_type, TaxonomyKind::kAttackType, out);
  ResolveTaxonomy(claim.target, TaxonomyKind::kTargetType, out);
  ResolveDate(claim, out);
  out.killed = claim.killed;
  out.wounded = claim.wounded;
  return out;
}

void Normaliser::ResolveGroup(const parsing::Claim& claim, NormalisedClaim& out) const {
  const Match& match = groups_->Find(claim.claimed_by);
  const bool resolved = match.ids.size() == 1;
  out.set_method(Field::kGroup, resolved ? match.method : Method::kUnresolved);
  if (resolved) out.group = match.ids[0];
}

void Normaliser::SetPlace(const Place& place, NormalisedClaim& out) const {
  if (place.kind == PlaceKind::kPlace) {
    out.place = place.name;
    out.place_id = place.id;
  }
  if (place.kind == PlaceKind::kDistrict) out.district = place.name;
  if (!place.district.empty() && !out.district)
    out.district = data_.FindPlace(place.district)->name;
  if (!place.province.empty()) out.province = place.province;
  if (place.kind == PlaceKind::kProvince) out.province = place.id;
  if (!place.country.empty()) out.country = place.country;
  if (place.lat && !out.lat) {
    out.lat = place.lat;
    out.lon = place.lon;
  }
}

void Normaliser::ResolvePlaceField(Field field, const std::optional<std::string>& raw,
                                   const NameIndex& index, NormalisedClaim& out) const {
  if (!raw || raw->empty()) return;
  const Match& match = index.Find(*raw);
  const Place* place = OnlyOneInProvince(data_, match.ids, out.province);
  out.set_method(field, place ? match.method : Method::kUnresolved);
  if (place) SetPlace(*place, out);
}

void Normaliser::ResolveLocation(const parsing::Location& location, NormalisedClaim& out) const {
  // Coarse to fine: a stated province narrows an ambiguous district or town name.
  ResolvePlaceField(Field::kCountry, location.country, *countries_, out);
  ResolvePlaceField(Field::kProvince, location.province, *provinces_, out);
  ResolvePlaceField(Field::kDistrict, location.district, *districts_, out);
  ResolvePlaceField(Field::kPlace, location.place, *places_, out);
  if (location.lat && !out.lat) {
    out.lat = location.lat;
    out.lon = location.lon;
  }
}

void Normaliser::ResolveTaxonomy(const std::optional<parsing::TaxonomyValue>& value,
                                 TaxonomyKind kind, NormalisedClaim& out) const {
  if (!value) return;
  const bool attack = kind == TaxonomyKind::kAttackType;
  const Field field = attack ? Field::kAttackType : Field::kTargetType;
  std::optional<int>& code = attack ? out.attack_type : out.target_type;
  std::string& subtype = attack ? out.attack_subtype : out.target_subtype;
  if (value->code) {
    const bool known = *value->code >= 1 && *value->code <= MaxGtdCode(kind);
    out.set_method(field, known ? Method::kExact : Method::kUnresolved);
    if (known) code = static_cast<int>(*value->code);
    return;
  }
  const Match& match = (attack ? attack_types_ : target_types_)->Find(value->text);
  const bool resolved = match.ids.size() == 1;
  out.set_method(field, resolved ? match.method : Method::kUnresolved);
  if (!resolved) return;
  const auto& [resolved_code, resolved_subtype] = taxonomy_ids_.at(match.ids[0]);
  code = resolved_code;
  subtype = resolved_subtype;
}

void Normaliser::ResolveDate(const parsing::Claim& claim, NormalisedClaim& out) const {
  out.event_date = claim.event_date;
  out.set_method(Field::kEventDate, Method::kExact);
  const Place* country = out.country ? data_.FindPlace(*out.country) : nullptr;
  const auto& date = claim.event_date;
  if (!date.utc_offset_minutes || !country || !country->utc_offset_minutes) return;
  // A date-time with an offset names an instant: its date where the attack happened can differ.
  const int shift = *country->utc_offset_minutes - *date.utc_offset_minutes;
  const int minute = *date.minute_of_day + shift;
  const int day_shift = minute < 0 ? -1 : (minute >= 24 * 60 ? 1 : 0);
  if (day_shift == 0) return;
  using namespace std::chrono;
  sys_days day = sys_days{year{date.year} / month{static_cast<unsigned>(date.month)} /
                          std::chrono::day{static_cast<unsigned>(date.day)}} +
                 days{day_shift};
  year_month_day local{day};
  out.event_date.year = static_cast<int>(local.year());
  out.event_date.month = static_cast<int>(static_cast<unsigned>(local.month()));
  out.event_date.day = static_cast<int>(static_cast<unsigned>(local.day()));
  out.event_date.minute_of_day = (minute + 24 * 60) % (24 * 60);
  out.event_date.utc_offset_minutes = country->utc_offset_minutes;
  out.set_method(Field::kEventDate, Method::kFolded);
}

}  // namespace claimwatch::normalisation
