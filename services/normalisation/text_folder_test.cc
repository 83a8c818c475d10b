#include "services/normalisation/text_folder.h"

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

}  // namespace
}  // namespace claimwatch::normalisation
