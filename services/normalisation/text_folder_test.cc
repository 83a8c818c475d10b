#include "services/normalisation/text_folder.h"

#include <random>

#include "gtest/gtest.h"

namespace claimwatch::normalisation {
namespace {

class TextFolderTest : public testing::Test {
 protected:
  void SetUp() override {
    auto folder = TextFolder::Create();
    ASSERT_TRUE(folder.ok()) << folder.status();
    folder_ = std::move(*folder);
  }
  std::unique_ptr<TextFolder> folder_;
};

TEST_F(TextFolderTest, FoldsAsciiCasePunctuationAndSpaces) {
  EXPECT_EQ(folder_->Fold("  Tehrik-e-Taliban   Pakistan "), "tehrik e taliban pakistan");
  EXPECT_EQ(folder_->Fold("D.I. Khan"), "d i khan");
  EXPECT_EQ(folder_->Fold("Islamic State's Pakistan Province"), "islamic states pakistan province");
  EXPECT_EQ(folder_->Fold("IS-Pakistan"), "is pakistan");
  EXPECT_EQ(folder_->Fold(""), "");
}

TEST_F(TextFolderTest, UnicodeInputFoldsLikeItsAsciiTwin) {
  EXPECT_EQ(folder_->Fold("Islamic State – Pakistan Province"), "islamic state pakistan province");
  EXPECT_EQ(folder_->Fold("Islamic State’s Pakistan Province"), "islamic states pakistan province");
  EXPECT_EQ(folder_->Fold("Wilāyat Pākistān"), "wilayat pakistan");
  EXPECT_EQ(folder_->Fold("Shīʿah"), "shiah");
  EXPECT_EQ(folder_->Fold("ＩＳＰＰ"), "ispp");  // full-width compatibility forms
  EXPECT_EQ(folder_->Fold("QUETTA\u00A0CITY"), "quetta city");
  EXPECT_EQ(folder_->Fold("Straße"), "strasse");  // full case folding, not just lower case
  EXPECT_EQ(folder_->Fold("ΣΊΣΥΦΟΣ"), folder_->Fold("σίσυφος"));
}

TEST_F(TextFolderTest, ArabicAndUrduLetterVariantsCompareEqual) {
  // Arabic ولاية باكستان and an Urdu spelling with heh goal, keheh and Farsi yeh.
  EXPECT_EQ(folder_->Fold("ولاية باكستان"), folder_->Fold("ولایہ باکستان"));
  EXPECT_EQ(folder_->Fold("وِلاَيَة"), folder_->Fold("ولاية"));      // harakat removed
  EXPECT_EQ(folder_->Fold("ولايـــة"), folder_->Fold("ولاية"));   // tatweel removed
  EXPECT_NE(folder_->Fold("پاکستان"), folder_->Fold("باكستان"));  // peh is not beh
}

TEST(BoundedEditDistanceTest, CountsCodePointsAndStopsAtTheLimit) {
  EXPECT_EQ(BoundedEditDistance("mastung", "mastung", 2), 0u);
  EXPECT_EQ(BoundedEditDistance("mastung", "mustang", 2), 2u);
  EXPECT_EQ(BoundedEditDistance("rawalpindi", "rawalpndi", 1), 1u);
  EXPECT_EQ(BoundedEditDistance("quetta", "karachi", 2), 3u);
  EXPECT_EQ(BoundedEditDistance("كراچی", "كراچي", 1), 1u);  // one code point, two bytes
  EXPECT_EQ(BoundedEditDistance("a", "abcdef", 2), 3u);
}

// Seeded random text in several scripts, invalid UTF-8 included: folding and edit distance must
// return, and folding twice must change nothing.
TEST_F(TextFolderTest, FoldsArbitraryTextWithoutFailingAndIsIdempotent) {
  const std::vector<std::string> pieces = {"a", "Z",    "-",    "'",  " ",      "é", "ß", "ي", "ی",
                                           "ة", "ہ",    "پ",    "ٔ",   "ـ",      "ʿ", "’", "Ω", "中",
                                           "😀", "\xff", "\xc3", "\t", "\u00a0", "ﷺ", "Ⅻ"};
  std::mt19937_64 random(7);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const size_t length = random() % 12;
    for (size_t k = 0; k < length; ++k) text += pieces[random() % pieces.size()];
    const std::string folded = folder_->Fold(text);
    EXPECT_EQ(folder_->Fold(folded), folded) << text;
    EXPECT_LE(BoundedEditDistance(text, folded, 3), 4u);
  }
}

}  // namespace
}  // namespace claimwatch::normalisation
