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
// only reported when exactly one id lies at the smallest distance. Answers for raw values not
// found exactly are remembered (feeds repeat the same few spellings), up to kMemoSize of them.
// Not thread-safe (the memo): one per thread.
class NameIndex {
 public:
  static constexpr size_t kMemoSize = 1 << 16;

  explicit NameIndex(const TextFolder& folder) : folder_(&folder) {}

  void Add(const std::string& name, const std::string& id);
  const Match& Find(std::string_view raw) const;

 private:
  // Hashes std::string and std::string_view alike, so lookups need no temporary string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Table = std::unordered_map<std::string, Match, Hash, std::equal_to<>>;

  Match FindFolded(std::string_view raw) const;
  Match FindFuzzy(const std::string& folded) const;
  static void AddId(Match& match, const std::string& id);

  // A folded key long enough to be a fuzzy target, as code points, with its candidates.
  struct FuzzyKey {
    std::u32string points{};
    const Match* match = nullptr;
  };

  const TextFolder* folder_;
  Table exact_;
  Table folded_;
  std::vector<FuzzyKey> fuzzy_keys_;  // decoded once, not per lookup
  mutable Table memo_;
};

}  // namespace claimwatch::normalisation
