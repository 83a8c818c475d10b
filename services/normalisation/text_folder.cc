#include "services/normalisation/text_folder.h"

#include <algorithm>
#include <vector>

#include "unicode/translit.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace claimwatch::normalisation {
namespace {

// ICU transform rules; the ASCII fast path below must agree with them.
constexpr char16_t kRules[] =
    u":: NFKD ;"
    u":: [:Nonspacing Mark:] Remove ;"
    u"[\\u0027\\u0060\\u00B4\\u02B9-\\u02BF\\u02C8\\u2018\\u2019\\u201B\\u0640] > ;"  // ' ` ʿ ʾ
                                                                                      // tatweel
    u"[\\u06CC\\u0649] > \\u064A ;"                       // Farsi/Urdu yeh, alef maksura → yeh
    u"\\u06A9 > \\u0643 ;"                                // keheh → kaf
    u"[\\u06C1\\u06C2\\u06C3\\u0629\\u06D5] > \\u0647 ;"  // heh goal, teh marbuta → heh
    u"[[:P:][:S:][:Z:][:Cc:]] > ' ' ;"
    u":: NFC ;";

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Lower-cases letters and digits, drops apostrophes and backticks, turns the rest into single
// spaces, trims.
std::string CollapseAscii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = true;  // suppress leading spaces
  for (char c : text) {
    if (c == '\'' || c == '`') continue;
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      static_cast<unsigned char>(c) >= 0x80;
    if (word) {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      space = false;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::u32string CodePoints(std::string_view text) {
  std::u32string points;
  points.reserve(text.size());
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(text.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, length, c);
    points.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
  }
  return points;
}

TextFolder::~TextFolder() = default;

Result<std::unique_ptr<TextFolder>> TextFolder::Create() {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  std::unique_ptr<TextFolder> folder(new TextFolder());
  folder->transliterator_.reset(icu::Transliterator::createFromRules(
      "claimwatch-fold", icu::UnicodeString(kRules), UTRANS_FORWARD, parse_error, status));
  if (U_FAILURE(status)) {
    return Internal(StrCat("text folding rules: ", u_errorName(status), " at rule offset ",
                           parse_error.offset));
  }
  return folder;
}

std::string TextFolder::Fold(std::string_view text) const {
  if (IsAscii(text)) return CollapseAscii(text);
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  unicode.foldCase();  // full Unicode case folding (ß → ss), before the transform rules
  transliterator_->transliterate(unicode);
  std::string folded;
  unicode.toUTF8String(folded);
  // Whatever the rules left as spaces, trim and collapse them the same way as ASCII input.
  return CollapseAscii(folded);
}

size_t BoundedEditDistance(std::u32string_view a, std::u32string_view b, size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    size_t row_min = current[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      current[j] = std::min(
          {previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(previous, current);
  }
  return std::min(previous[b.size()], limit + 1);
}

}  // namespace claimwatch::normalisation
