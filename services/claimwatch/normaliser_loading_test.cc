#include "services/claimwatch/normaliser_loading.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::cli {
namespace {

namespace fs = std::filesystem;

// A new region needs data, not code: a group and a town the bundled data lacks, added through
// config, resolve like bundled ones.
TEST(NormaliserLoadingTest, ExtraFilesFromConfigExtendTheBundledData) {
  const fs::path dir =
      fs::temp_directory_path() / ("extra_reference_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "groups.ndjson")
      << R"({"id":"jamaat-nusrat","name":"Jamaat Nusrat al-Islam wal-Muslimin","parent":"aq","aliases":["JNIM","جماعة نصرة الإسلام والمسلمين"]})"
      << "\n";
  std::ofstream(dir / "places.ndjson")
      << R"({"kind":"place","id":"pk-ba-dalbandin","country":"PK","province":"PK-BA","name":"Dalbandinx","lat":28.89,"lon":64.41,"aliases":["Dalbandinx Bazaar"]})"
      << "\n";
  const std::string config_path = (dir / "claimwatch.toml").string();
  std::ofstream(config_path) << "[normalisation]\nreference_dir = \"schemas/reference\"\n"
                             << "extra_groups = [\"" << (dir / "groups.ndjson").string() << "\"]\n"
                             << "extra_gazetteer = [\"" << (dir / "places.ndjson").string()
                             << "\"]\n";
  auto config = LoadConfig(config_path);
  ASSERT_TRUE(config.ok()) << config.status();
  auto normaliser = LoadNormaliser(config->normalisation);
  fs::remove_all(dir);
  ASSERT_TRUE(normaliser.ok()) << normaliser.status();

  parsing::ClaimParser parser;
  auto claim = parser.Parse(
      R"({"schema":"claim.v1","claim_id":"c","source":"s","reported_at":"2022-10-14T18:05:00Z",)"
      R"("claimed_by":"JNIM","event_date":"2022-10-14","location":{"place":"dalbandinx bazaar"}})");
  ASSERT_TRUE(claim.ok());
  auto normalised = (*normaliser)->Normalise(*claim);
  EXPECT_EQ(normalised.group, "jamaat-nusrat");
  EXPECT_EQ(normalised.place, "Dalbandinx");
  EXPECT_EQ(normalised.province, "PK-BA");
  // The bundled data is still there.
  auto bundled = parser.Parse(
      R"({"schema":"claim.v1","claim_id":"c","source":"s","reported_at":"2022-10-14T18:05:00Z",)"
      R"("claimed_by":"Wilayat Pakistan","event_date":"2022-10-14","location":{"place":"Mastung"}})");
  EXPECT_EQ((*normaliser)->Normalise(*bundled).group, "ispp");
}

TEST(NormaliserLoadingTest, ABrokenExtraFileNamesItsLine) {
  const fs::path file = fs::temp_directory_path() / ("broken_groups_" + std::to_string(::getpid()));
  std::ofstream(file) << R"({"id":"x","name":"X"})"
                      << "\n"
                      << R"({"id":"y"})"
                      << "\n";
  NormalisationConfig config{.reference_dir = "schemas/reference", .extra_groups = {file.string()}};
  auto normaliser = LoadNormaliser(config);
  fs::remove(file);
  ASSERT_FALSE(normaliser.ok());
  EXPECT_EQ(normaliser.status().message(), file.string() + ":2: name: missing");
}

}  // namespace
}  // namespace claimwatch::cli
