#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "services/normalisation/text_folder.h"

namespace claimwatch::normalisation {

// How a raw value was resolved: as written, after folding, by a bounded edit distance, or not.
enum class Method { kExact, kFolded, kFuzzy, kUnresolved };
const char* MethodName(Method method);

struct Match {
  Method method = Method::kUnresolved;
  std::vector<std::string> ids{};  // candidates; more than one = ambiguous at that level
};

// Names and aliases → ids. Lookup tries the exact text, then the folded text, then a fuzzy match
// on folded text (edit distance 1 for 5–9 code points, 2 from 10 up; never below 5) that is
// only reported when exactly one id lies at the smallest distance. Read-only after building.
class NameIndex {
 public:
  explicit NameIndex(const TextFolder& folder) : folder_(&folder) {}

  void Add(const std::string& name, const std::string& id);
  Match Find(std::string_view raw) const;

 private:
  Match FindFuzzy(const std::string& folded) const;
  static void AddId(std::vector<std::string>& ids, const std::string& id);

  const TextFolder* folder_;
  std::unordered_map<std::string, std::vector<std::string>> exact_;
  std::unordered_map<std::string, std::vector<std::string>> folded_;
};

}  // namespace claimwatch::normalisation
