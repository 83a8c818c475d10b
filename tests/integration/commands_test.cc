// The offline commands as a user runs them: import, normalise, query and detect on the bundled
// example stream (tests/data/example-claims.ndjson), through the real binary.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "simdjson.h"
#include "tests/support/kafka_admin.h"
#include "tests/support/process.h"

namespace claimwatch::testing {
namespace {

namespace fs = std::filesystem;
const std::string kExamples = "tests/data/example-claims.ndjson";

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

class CommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() / UniqueName("claimwatch-cli");
    fs::create_directories(work_);
  }
  void TearDown() override { fs::remove_all(work_); }
  fs::path work_;
};

// The seed report's 2022: fifteen ISPP attacks, each claimed by amaq and reposted by site-intel,
// and the 30 January killing of a policeman in Rawalpindi also claimed by the TTP.
TEST_F(CommandsTest, ImportResolvesTheSeedAttacksIntoFifteenIncidentsOneContested) {
  const std::string db = (work_ / "db").string();
  std::string out;
  ASSERT_EQ(
      RunToExit({CLAIMWATCH_BINARY, "import", "--input", kExamples, "--db", db, "--format", "json"},
                &out),
      0);
  auto summary = nlohmann::json::parse(out);
  EXPECT_EQ(summary["incidents_created"], 15);
  EXPECT_EQ(summary["duplicates"]["repost"], 15) << "each site-intel claim repeats amaq's";
  EXPECT_EQ(summary["duplicates"]["incident"], 2)
      << "amaq's correction of 14 October (no longer site-intel's figures), and the TTP's claim";

  ASSERT_EQ(
      RunToExit({CLAIMWATCH_BINARY, "query", "incidents", "--db", db, "--format", "json"}, &out),
      0);
  auto incidents = JsonLines(out);
  ASSERT_EQ(incidents.size(), 15u);
  for (const auto& incident : incidents) {
    EXPECT_EQ(incident["claimants"][0]["group"], "ispp");
    EXPECT_EQ(incident["claimants"][0]["sources"], nlohmann::json({"amaq", "site-intel"}));
    if (incident["event_date"] == "2022-10-14") {
      EXPECT_EQ(incident["killed"], 3) << "the fewest claimed: site-intel's 3, not amaq's 4";
    }
  }
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "incidents", "--db", db, "--contested",
                       "--format", "json"},
                      &out),
            0);
  auto contested = JsonLines(out);
  ASSERT_EQ(contested.size(), 1u);
  EXPECT_EQ(contested[0]["event_date"], "2022-01-30");
  EXPECT_EQ(contested[0]["place"], "Rawalpindi");
  EXPECT_EQ(contested[0]["claimants"][1]["group"], "ttp");
  EXPECT_EQ(contested[0]["claimants"][1]["claim_ids"], nlohmann::json({"umar-2022-01-30"}));
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "incidents", "--db", db, "--group", "ttp",
                       "--format", "json"},
                      &out),
            0);
  EXPECT_EQ(JsonLines(out).size(), 1u);
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "incidents", "--db", db, "--from", "2022-10",
                       "--to", "2022-10-21", "--format", "json"},
                      &out),
            0);
  EXPECT_EQ(JsonLines(out).size(), 4u) << "1, 13, 14 and 21 October";
  EXPECT_EQ(
      RunToExit({CLAIMWATCH_BINARY, "query", "incidents", "--db", db, "--from", "soon"}, &out), 2);
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "incidents", "--db", db}, &out), 0);
  EXPECT_NE(out.find("yes       ispp,ttp"), std::string::npos) << out;
}

// The seed report's 2022 by event date, from the trends import keeps: 15 ISPP attacks, by
// province Balochistan 7, Punjab 6, Sindh 1, Islamabad 1; September–October 7.
TEST_F(CommandsTest, QuerySeriesAndTrendsGiveTheSeedCounts) {
  const std::string db = (work_ / "db").string();
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "import", "--input", kExamples, "--db", db}), 0);
  auto yearly = [&](const std::string& province) {
    std::string out;
    EXPECT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "series", "--db", db, "--group", "ispp",
                         "--province", province, "--interval", "year", "--from", "2022", "--to",
                         "2022", "--format", "json"},
                        &out),
              0);
    auto lines = JsonLines(out);
    EXPECT_EQ(lines.size(), 1u) << out;
    return lines.empty() ? -1 : lines[0]["count"].get<int>();
  };
  EXPECT_EQ(yearly("all"), 15);
  EXPECT_EQ(yearly("PK-BA"), 7);
  EXPECT_EQ(yearly("PK-PB"), 6);
  EXPECT_EQ(yearly("PK-SD"), 1);
  EXPECT_EQ(yearly("PK-IS"), 1);

  std::string out;
  ASSERT_EQ(
      RunToExit({CLAIMWATCH_BINARY, "query", "series", "--db", db, "--group", "ispp", "--interval",
                 "month", "--from", "2022-01", "--to", "2022-12", "--format", "json"},
                &out),
      0);
  std::map<std::string, int> months;
  for (const auto& line : JsonLines(out)) {
    EXPECT_EQ(line["group"], "ispp");
    EXPECT_EQ(line["province"], "all");
    months[line["period"]] = line["count"];
  }
  ASSERT_EQ(months.size(), 12u);
  EXPECT_EQ(months["2022-09"] + months["2022-10"], 7);
  ASSERT_EQ(
      RunToExit({CLAIMWATCH_BINARY, "query", "series", "--db", db, "--group", "ttp", "--interval",
                 "week", "--from", "2022-W04", "--to", "2022-W05", "--format", "json"},
                &out),
      0);
  auto weeks = JsonLines(out);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0]["period"], "2022-W04");  // Sunday 30 January 2022 ends ISO week 4
  EXPECT_EQ(weeks[0]["count"], 1);
  EXPECT_EQ(weeks[1]["count"], 0);

  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "trends", "--db", db, "--group", "ispp",
                       "--as-of", "2022-10-31", "--format", "json"},
                      &out),
            0);
  auto windows = JsonLines(out);
  ASSERT_EQ(windows.size(), 4u);
  EXPECT_EQ(windows[3]["window"], "365d");
  EXPECT_EQ(windows[3]["previous_year"]["count"], 0);
  ASSERT_EQ(
      RunToExit({CLAIMWATCH_BINARY, "query", "series", "--db", db, "--interval", "day"}, &out), 2);
}

TEST_F(CommandsTest, ImportSummarisesAndWritesRejectedLinesWithTheirReasons) {
  std::string out;
  ASSERT_EQ(
      RunToExit({CLAIMWATCH_BINARY, "import", "--input", kExamples, "--db", (work_ / "db").string(),
                 "--rejects", (work_ / "rejects.ndjson").string(), "--format", "json"},
                &out),
      0);
  auto summary = nlohmann::json::parse(out);
  EXPECT_EQ(summary["read"], 35);
  EXPECT_EQ(summary["stored"], 31);
  EXPECT_EQ(summary["revised"], 1);
  EXPECT_EQ(summary["duplicates"]["redelivery"], 1);
  EXPECT_EQ(summary["rejected"], 2);
  auto rejects = JsonLines(ReadFile((work_ / "rejects.ndjson").string()));
  ASSERT_EQ(rejects.size(), 2u);
  EXPECT_EQ(rejects[0]["line"], 34);
  EXPECT_EQ(rejects[0]["error"], "location.province: expected string");
  EXPECT_EQ(rejects[1]["line"], 35);
  EXPECT_EQ(rejects[1]["reason"], "invalid_json");

  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "claims", "--db", (work_ / "db").string(),
                       "--format", "json"},
                      &out),
            0);
  auto claims = JsonLines(out);
  ASSERT_EQ(claims.size(), 31u);
  size_t ttp = 0;
  for (const auto& claim : claims) {
    EXPECT_TRUE(claim.contains("source") && claim.contains("claim_id") &&
                claim.contains("revision"));
    EXPECT_EQ(claim["country"], "PK");
    ttp += claim["group"] == "ttp";
    if (claim["claim_id"] == "amaq-2022-10-14-11") {
      EXPECT_EQ(claim["revision"], 1);  // the correction replaced revision 0
      EXPECT_EQ(claim["killed"], 4);
      EXPECT_EQ(claim["attack_subtype"], "ied");
      EXPECT_EQ(claim["province"], "PK-BA");
    }
  }
  EXPECT_EQ(ttp, 1u);
}

// The table cuts long names at a code point and pads by code points: rows line up and stay UTF-8.
TEST_F(CommandsTest, QueryTableKeepsArabicNamesValidAndAligned) {
  const std::string input = (work_ / "in.ndjson").string();
  std::ofstream(input)
      << R"({"schema":"claim.v1","claim_id":"c1","source":"s","reported_at":"2022-10-14T18:05:00Z","claimed_by":"جبهة جديدة غير معروفة في بلوشستان","event_date":"2022-10-14","location":{"place":"مستونگ"}})"
      << "\n"
      << R"({"schema":"claim.v1","claim_id":"a-very-long-claim-identifier-0001","source":"amaq","reported_at":"2022-10-14T18:05:00Z","claimed_by":"ISPP","event_date":"2022-10","location":{"place":"Quetta"}})"
      << "\n";
  const std::string db = (work_ / "db").string();
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "import", "--input", input, "--db", db}), 0);
  std::string table;
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "claims", "--db", db}, &table), 0);
  auto code_points = [](const std::string& line) {
    return std::count_if(line.begin(), line.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  };
  std::istringstream lines(table);
  std::string header, row;
  std::getline(lines, header);
  int rows = 0;
  while (std::getline(lines, row)) {
    ++rows;
    EXPECT_TRUE(simdjson::validate_utf8(row.data(), row.size())) << row;
    EXPECT_EQ(code_points(row), code_points(header) + 1) << row;  // every cell has its space
  }
  EXPECT_EQ(rows, 2);
}

TEST_F(CommandsTest, NormalisePrintsAnErrorObjectInPlaceOfABadLineAndGoesOn) {
  const std::string input = (work_ / "in.ndjson").string();
  std::ofstream(input)
      << R"({"schema":"claim.v1","claim_id":"a","source":"s","reported_at":"2022-10-14T18:05:00Z","claimed_by":"ولاية باكستان","event_date":"October 14, 2022","location":{"place":"Mastung"},"attack_type":"IED","target":"spies","killed":3,"wounded":6})"
      << "\n{\"schema\":\"claim.v1\"}\n"
      << R"({"schema":"claim.v1","claim_id":"b","source":"s","reported_at":"2022-10-14T18:05:00Z","claimed_by":"Unheard-of Front","event_date":"2022-10","location":{"place":"Karachi"}})"
      << "\n";
  std::string out;
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "normalise", "--input", input}, &out), 0);
  auto lines = JsonLines(out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["group"], "ispp");
  EXPECT_EQ(lines[0]["place"], "Mastung");
  EXPECT_EQ(lines[0]["district"], "Mastung");
  EXPECT_EQ(lines[0]["province"], "PK-BA");
  EXPECT_EQ(lines[0]["event_date"], "2022-10-14");
  EXPECT_EQ(lines[0]["date_precision"], "day");
  EXPECT_EQ(lines[0]["attack_type"], 3);
  EXPECT_EQ(lines[0]["target_type"], 2);
  EXPECT_EQ(lines[0]["resolution"]["group"]["method"], "exact");
  EXPECT_EQ(lines[0]["resolution"]["group"]["raw"], "ولاية باكستان");
  EXPECT_EQ(lines[1]["line"], 2);
  EXPECT_EQ(lines[1]["error"], "claim_id: missing");
  EXPECT_TRUE(lines[2]["group"].is_null());
  EXPECT_EQ(lines[2]["resolution"]["group"]["method"], "unresolved");
  EXPECT_EQ(lines[2]["resolution"]["group"]["raw"], "Unheard-of Front");
  EXPECT_EQ(lines[2]["date_precision"], "month");
  EXPECT_EQ(lines[2]["province"], "PK-SD");
}

TEST_F(CommandsTest, DetectTakesAnOracleFileAsItIsAndRejectsBadParametersWithExitTwo) {
  std::string out;
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "detect", "--method", "cusum", "--input",
                       "../shared/oracle/surveillance/ha_total__cusum.json"},
                      &out),
            0);
  auto result = nlohmann::json::parse(out);
  EXPECT_EQ(result["method"], "cusum");
  EXPECT_EQ(result["range"].size(), result["alarm"].size());
  const std::string bad = (work_ / "bad.json").string();
  std::ofstream(bad) << R"({"observed":[1,2,3,4,5,6,7,8,9,10],"control":{"alpha":2}})";
  EXPECT_EQ(RunToExit({CLAIMWATCH_BINARY, "detect", "--method", "ears-c1", "--input", bad}), 2);
}

// Every reference output of R's surveillance package (but C3, which follows the CDC definition on
// purpose; see services/detection/README.md) through the binary: alarms exact, bounds to 1e-6.
TEST_F(CommandsTest, DetectMatchesEveryOracleFileThroughTheBinary) {
  const std::map<std::string, std::string> methods = {
      {"earsC_C1", "ears-c1"},      {"earsC_C2", "ears-c2"},
      {"farrington", "farrington"}, {"farringtonFlexible", "farrington-flexible"},
      {"cusum", "cusum"},           {"glrpois", "glr-poisson"}};
  int files = 0;
  for (const auto& entry : fs::directory_iterator("../shared/oracle/surveillance")) {
    if (entry.path().extension() != ".json") continue;
    auto oracle = nlohmann::json::parse(ReadFile(entry.path().string()));
    auto method = methods.find(oracle["method"].get<std::string>());
    if (method == methods.end()) continue;  // earsC_C3
    std::string out;
    ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "detect", "--method", method->second, "--input",
                         entry.path().string()},
                        &out),
              0)
        << entry.path();
    auto result = nlohmann::json::parse(out);
    ASSERT_EQ(result["range"], oracle["range"]) << entry.path();
    EXPECT_EQ(result["alarm"], oracle["alarm"]) << entry.path();
    for (size_t i = 0; i < oracle["upperbound"].size(); ++i) {
      const auto& expected = oracle["upperbound"][i];
      const auto& actual = result["upperbound"][i];
      ASSERT_EQ(actual.is_null(), expected.is_null()) << entry.path() << " at " << i;
      if (expected.is_null()) continue;
      const double want = expected.get<double>(), got = actual.get<double>();
      EXPECT_LE(std::abs(got - want), 1e-6 * std::max(1.0, std::abs(want)))
          << entry.path() << " at " << i;
    }
    ++files;
  }
  EXPECT_EQ(files, 18);
}

}  // namespace
}  // namespace claimwatch::testing
