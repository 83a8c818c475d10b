#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "services/result/result.h"
#include "unicode/uversion.h"

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace claimwatch::normalisation {

// Folds a name for matching: full Unicode case folding, compatibility forms (NFKD), diacritics,
// apostrophes and ʿayn/hamza marks, punctuation (→ one space) and Arabic-script letter variants
// (Urdu ی ک ہ and Arabic ي ك ه compare equal). Pure-ASCII input takes a fast path without ICU
// that gives the same result. Not thread-safe (ICU transliterator state): one per thread.
class TextFolder {
 public:
  [[nodiscard]] static Result<std::unique_ptr<TextFolder>> Create();
  ~TextFolder();

  std::string Fold(std::string_view text) const;

 private:
  TextFolder() = default;
  std::unique_ptr<icu::Transliterator> transliterator_;
};

// The code points of UTF-8 text (an ill-formed sequence becomes U+FFFD).
std::u32string CodePoints(std::string_view utf8);

// Levenshtein distance in code points; stops early and returns `limit + 1` once the distance
// must exceed `limit`.
size_t BoundedEditDistance(std::u32string_view a, std::u32string_view b, size_t limit);
inline size_t BoundedEditDistance(std::string_view a, std::string_view b, size_t limit) {
  return BoundedEditDistance(CodePoints(a), CodePoints(b), limit);
}

}  // namespace claimwatch::normalisation
