#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/result/result.h"

namespace claimwatch::normalisation {

struct Group {
  std::string id{};
  std::string name{};
  std::optional<std::string> parent{};
  std::vector<std::string> aliases{};
};

enum class PlaceKind { kCountry, kProvince, kDistrict, kPlace };

// One gazetteer entry. Provinces carry their ISO 3166-2 code as id; countries their alpha-2 code.
struct Place {
  PlaceKind kind = PlaceKind::kPlace;
  std::string id{};
  std::string name{};
  std::string country{};   // alpha-2 (for a country: its own id)
  std::string province{};  // ISO 3166-2, empty above province level
  std::string district{};  // district id, empty above district level or when unknown
  std::optional<double> lat{};
  std::optional<double> lon{};
  std::optional<int> utc_offset_minutes{};  // countries: local time for event dates
  std::vector<std::string> aliases{};
};

enum class TaxonomyKind { kAttackType, kTargetType };

// The highest GTD code of a kind: attack types 1..9, target types 1..22.
constexpr int MaxGtdCode(TaxonomyKind kind) { return kind == TaxonomyKind::kAttackType ? 9 : 22; }

struct TaxonomyEntry {
  TaxonomyKind kind = TaxonomyKind::kAttackType;
  int code = 0;
  std::string name{};
  std::string subtype{};  // empty = the code's generic entry
  std::vector<std::string> synonyms{};
};

// The files a deployment loads. Each list is read in order; later files extend earlier ones.
struct ReferenceFiles {
  std::vector<std::string> groups{};
  std::vector<std::string> gazetteer{};
  std::vector<std::string> taxonomy{};
};

// Groups, gazetteer and taxonomy, loaded once at start and read-only afterwards (thread-safe
// to read). Loading checks every line and every cross-reference.
struct ReferenceData {
  std::vector<Group> groups{};
  std::vector<Place> places{};
  std::vector<TaxonomyEntry> taxonomy{};
  std::map<std::string, size_t> place_index{};  // id → places[i]

  const Place* FindPlace(const std::string& id) const;
};

// Loads `files`; errors read "FILE:LINE: field: reason" (FailedPrecondition).
[[nodiscard]] Result<ReferenceData> LoadReferenceData(const ReferenceFiles& files);

// The bundled files under `dir` (groups.ndjson, gazetteer.ndjson, taxonomy.ndjson).
ReferenceFiles BundledReferenceFiles(const std::string& dir);

}  // namespace claimwatch::normalisation
