#include "services/normalisation/reference_data.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace claimwatch::normalisation {
namespace {

namespace fs = std::filesystem;

class ReferenceDataTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("reference_data_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream((dir_ / name).string()) << text;
    return (dir_ / name).string();
  }
  std::string ErrorOf(const ReferenceFiles& files) {
    auto data = LoadReferenceData(files);
    return data.ok() ? "ok" : std::string(data.status().message());
  }
  fs::path dir_;
};

constexpr char kGazetteer[] =
    R"({"kind":"country","id":"PK","name":"Pakistan","utc_offset":"+05:00"})"
    "\n"
    R"({"kind":"province","id":"PK-BA","country":"PK","name":"Balochistan"})"
    "\n"
    R"({"kind":"district","id":"pk-ba-mastung","country":"PK","province":"PK-BA","name":"Mastung"})"
    "\n"
    R"({"kind":"place","id":"pk-mastung","country":"PK","province":"PK-BA","district":"pk-ba-mastung","name":"Mastung","lat":29.8,"lon":66.85,"aliases":["مستونگ"]})"
    "\n";

TEST_F(ReferenceDataTest, LoadsAndIndexesEveryKind) {
  auto data = LoadReferenceData(
      {{Write("g.ndjson",
              R"({"id":"is","name":"Islamic State","parent":null})"
              "\n"
              R"({"id":"ispp","name":"ISPP","parent":"is","aliases":["Wilayat Pakistan"]})"
              "\n")},
       {Write("p.ndjson", kGazetteer)},
       {Write(
           "t.ndjson",
           R"({"kind":"attack_type","code":3,"name":"Bombing/Explosion","subtype":"ied","synonyms":["IED"]})"
           "\n")}});
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->groups.size(), 2u);
  EXPECT_EQ(data->groups[1].parent, "is");
  EXPECT_EQ(data->FindPlace("pk-mastung")->district, "pk-ba-mastung");
  EXPECT_EQ(data->FindPlace("PK")->utc_offset_minutes, 300);
  EXPECT_EQ(data->taxonomy[0].subtype, "ied");
}

TEST_F(ReferenceDataTest, ErrorsNameFileLineFieldAndReason) {
  const std::string groups = Write("g.ndjson", "{\"id\":\"a\",\"name\":\"A\"}\n{\"id\":\"b\"}\n");
  EXPECT_EQ(ErrorOf({{groups}, {}, {}}), groups + ":2: name: missing");
  const std::string broken = Write("b.ndjson", "{\"id\":\"a\",\"name\":\"A\"}\nnot json\n");
  EXPECT_EQ(ErrorOf({{broken}, {}, {}}), broken + ":2: not a JSON object");
  const std::string duplicate =
      Write("d.ndjson", "{\"id\":\"a\",\"name\":\"A\"}\n{\"id\":\"a\",\"name\":\"B\"}\n");
  EXPECT_EQ(ErrorOf({{duplicate}, {}, {}}), duplicate + ":2: id: duplicate id a");
  const std::string orphan = Write("o.ndjson", "{\"id\":\"a\",\"name\":\"A\",\"parent\":\"zz\"}\n");
  EXPECT_EQ(ErrorOf({{orphan}, {}, {}}), "groups: a: parent zz is not a known group");
  const std::string aliases = Write("al.ndjson", "{\"id\":\"a\",\"name\":\"A\",\"aliases\":[1]}\n");
  EXPECT_EQ(ErrorOf({{aliases}, {}, {}}),
            aliases + ":1: aliases: expected an array of non-empty strings");
  EXPECT_EQ(ErrorOf({{(dir_ / "missing.ndjson").string()}, {}, {}}),
            (dir_ / "missing.ndjson").string() + ": cannot open");
}

TEST_F(ReferenceDataTest, GazetteerReferencesMustResolve) {
  const std::string bad_province = Write(
      "p.ndjson", std::string(kGazetteer) +
                      R"({"kind":"place","id":"x","country":"PK","province":"PK-XX","name":"X"})"
                      "\n");
  EXPECT_EQ(ErrorOf({{}, {bad_province}, {}}),
            "gazetteer: x: province PK-XX is not a known province");
  const std::string bad_kind = Write("k.ndjson", R"({"kind":"city","id":"x","name":"X"})"
                                                 "\n");
  EXPECT_EQ(ErrorOf({{}, {bad_kind}, {}}),
            bad_kind + ":1: kind: expected country, province, district or place");
  const std::string bad_offset =
      Write("o.ndjson", R"({"kind":"country","id":"PK","name":"Pakistan","utc_offset":"5"})"
                        "\n");
  EXPECT_EQ(ErrorOf({{}, {bad_offset}, {}}), bad_offset + ":1: utc_offset: expected ±hh:mm");
}

TEST_F(ReferenceDataTest, TaxonomyCodesAreGtdCodes) {
  const std::string taxonomy =
      Write("t.ndjson", R"({"kind":"attack_type","code":10,"name":"X","synonyms":["x"]})"
                        "\n");
  EXPECT_EQ(ErrorOf({{}, {}, {taxonomy}}), taxonomy + ":1: code: expected a GTD code 1..9");
  const std::string kind = Write("k.ndjson", R"({"kind":"weapon","code":1,"name":"X"})"
                                             "\n");
  EXPECT_EQ(ErrorOf({{}, {}, {kind}}), kind + ":1: kind: expected attack_type or target_type");
}

}  // namespace
}  // namespace claimwatch::normalisation
