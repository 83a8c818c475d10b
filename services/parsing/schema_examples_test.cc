// Parses every example under schemas/examples so that the contract and the parser cannot drift.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::parsing {
namespace {

namespace fs = std::filesystem;
const fs::path kExamples = "schemas/examples/claim.v1";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string TrimNewline(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

TEST(SchemaExamplesTest, EveryValidExampleParses) {
  ClaimParser parser;
  int count = 0;
  for (const auto& entry : fs::directory_iterator(kExamples)) {
    if (entry.path().extension() != ".json") continue;
    auto claim = parser.Parse(ReadFile(entry.path()));
    EXPECT_TRUE(claim.ok()) << entry.path() << ": " << claim.status();
    ++count;
  }
  EXPECT_GE(count, 4);
}

TEST(SchemaExamplesTest, EveryInvalidExampleFailsWithItsDocumentedReason) {
  ClaimParser parser;
  int count = 0;
  for (const auto& entry : fs::directory_iterator(kExamples / "invalid")) {
    if (entry.path().extension() != ".json") continue;
    fs::path expected_path = entry.path();
    expected_path.replace_extension(".error");
    const std::string expected = TrimNewline(ReadFile(expected_path));
    ASSERT_FALSE(expected.empty()) << "no .error file for " << entry.path();
    auto claim = parser.Parse(ReadFile(entry.path()));
    ASSERT_FALSE(claim.ok()) << entry.path();
    EXPECT_EQ(claim.status().message().substr(0, expected.size()), expected) << entry.path();
    ++count;
  }
  EXPECT_GE(count, 8);
}

}  // namespace
}  // namespace claimwatch::parsing
