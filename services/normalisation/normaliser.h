#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "services/normalisation/name_index.h"
#include "services/normalisation/reference_data.h"
#include "services/parsing/claim.h"

namespace claimwatch::normalisation {

// The claim fields normalisation resolves, each recorded with how it was resolved.
enum class Field {
  kGroup,
  kCountry,
  kProvince,
  kDistrict,
  kPlace,
  kAttackType,
  kTargetType,
  kEventDate
};
inline constexpr size_t kFieldCount = 8;
const char* FieldName(Field field);  // "group", "country", … "event_date"

// The value of `field` as the claim gave it ("" when it gave none).
std::string_view RawValue(const parsing::Claim& claim, Field field);

// A claim resolved against the reference data. Unresolved values stay empty/nullopt; the raw
// text stays in the claim (RawValue); nothing is guessed.
struct NormalisedClaim {
  std::optional<std::string> group{};     // canonical id: "ispp"
  std::optional<std::string> place{};     // gazetteer name of the town
  std::optional<std::string> place_id{};  // gazetteer id
  std::optional<std::string> district{};  // district name
  std::optional<std::string> province{};  // ISO 3166-2: "PK-BA"
  std::optional<std::string> country{};   // ISO 3166-1 alpha-2
  std::optional<double> lat{};
  std::optional<double> lon{};
  parsing::EventDate event_date{};   // local date where the attack happened
  std::optional<int> attack_type{};  // GTD code
  std::string attack_subtype{};      // "ied", "suicide", … or empty
  std::optional<int> target_type{};
  std::string target_subtype{};
  std::optional<int64_t> killed{};
  std::optional<int64_t> wounded{};
  // How each field was resolved, by Field; nullopt where the claim gave no value.
  std::array<std::optional<Method>, kFieldCount> resolution{};

  std::optional<Method> method(Field field) const { return resolution[static_cast<size_t>(field)]; }
  void set_method(Field field, Method how) { resolution[static_cast<size_t>(field)] = how; }
};

// Resolves claims to canonical groups, places, dates and taxonomy codes. Built once from the
// reference data; Normalise() is const but shares a TextFolder: one instance per thread.
class Normaliser {
 public:
  [[nodiscard]] static Result<std::unique_ptr<Normaliser>> Create(ReferenceData data);

  NormalisedClaim Normalise(const parsing::Claim& claim) const;
  const ReferenceData& data() const { return data_; }

 private:
  Normaliser() = default;
  void BuildIndexes();
  void ResolveGroup(const parsing::Claim& claim, NormalisedClaim& out) const;
  void ResolveLocation(const parsing::Location& location, NormalisedClaim& out) const;
  void ResolvePlaceField(Field field, const std::optional<std::string>& raw, const NameIndex& index,
                         NormalisedClaim& out) const;
  void ResolveTaxonomy(const std::optional<parsing::TaxonomyValue>& value, TaxonomyKind kind,
                       NormalisedClaim& out) const;
  void ResolveDate(const parsing::Claim& claim, NormalisedClaim& out) const;
  void SetPlace(const Place& place, NormalisedClaim& out) const;

  ReferenceData data_;
  std::unique_ptr<TextFolder> folder_;
  std::unique_ptr<NameIndex> groups_, countries_, provinces_, districts_, places_;
  std::unique_ptr<NameIndex> attack_types_, target_types_;
  std::map<std::string, std::pair<int, std::string>> taxonomy_ids_;  // "a:3:ied" → (3, "ied")
};

}  // namespace claimwatch::normalisation
