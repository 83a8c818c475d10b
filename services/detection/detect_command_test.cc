#include "services/detection/detect_command.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "services/detection/ears.h"

namespace claimwatch::detection {
namespace {

using nlohmann::json;

std::string ErrorOf(std::string_view method, const json& input) {
  const auto result = RunDetectCommand(method, input.dump());
  EXPECT_FALSE(result.ok()) << "expected an error, got " << *result;
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(result.status().message());
}

json Series(int n, double value) { return json::array_t(static_cast<size_t>(n), value); }

TEST(DetectCommandTest, PrintsOneJsonObject) {
  const json input = {{"observed", {2, 2, 2, 2, 6}},
                      {"range", {5}},
                      {"control", {{"w", 1}, {"b", 4}, {"g", 0}, {"alpha", 0.05}}}};
  const auto output = RunDetectCommand("poisson-rate", input.dump());
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_EQ(*output, R"({"method":"poisson-rate","range":[5],"alarm":[1],"upperbound":[6]})");
}

TEST(DetectCommandTest, PrintsBoundsThatRoundTrip) {
  const std::vector<double> y = {1, 2, 3, 4, 5, 6, 7, 11};
  const auto direct = DetectEars(EarsVariant::kC1, y, std::vector<int64_t>{8}, EarsControl{});
  ASSERT_TRUE(direct.ok());
  const auto output = RunDetectCommand("ears-c1", json{{"observed", y}}.dump());
  ASSERT_TRUE(output.ok()) << output.status();
  const json parsed = json::parse(*output);
  EXPECT_EQ(parsed["range"], json({8}));  // R's default range: 8..n
  EXPECT_EQ(parsed["upperbound"][0].get<double>(), *direct->upperbound[0]);
}

TEST(DetectCommandTest, TopLevelRangeWinsAndNullsMeanDefaults) {
  const json input = {{"observed", Series(30, 1)},
                      {"range", {20, 21}},
                      {"control", {{"range", {10}}, {"alpha", nullptr}, {"baseline", nullptr}}},
                      {"dataset", "ignored"}};
  const auto output = RunDetectCommand("ears-c2", input.dump());
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_EQ(json::parse(*output)["range"], json({20, 21}));
}

TEST(DetectCommandTest, ControlRangeIsUsedWithoutTopLevelRange) {
  const json input = {{"observed", Series(30, 1)}, {"control", {{"range", {25, 26, 27}}}}};
  const auto output = RunDetectCommand("cusum", input.dump());
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_EQ(json::parse(*output)["range"], json({25, 26, 27}));
}

TEST(DetectCommandTest, AcceptsAOnePointRangeWrittenAsANumber) {
  const json input = {{"observed", Series(30, 1)}, {"range", 28}};
  const auto output = RunDetectCommand("ears-c3", input.dump());
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_EQ(json::parse(*output)["range"], json({28}));
}

TEST(DetectCommandTest, RejectsMalformedInputNamingTheField) {
  EXPECT_EQ(ErrorOf("ears-c4", json::object()).substr(0, 24), "method: unknown \"ears-c4");
  EXPECT_EQ(RunDetectCommand("cusum", "{not json").status().message(), "input: not valid JSON");
  EXPECT_EQ(ErrorOf("cusum", json::array()), "input: must be a JSON object");
  EXPECT_EQ(ErrorOf("cusum", {{"range", {2}}}), "observed: missing");
  EXPECT_EQ(ErrorOf("cusum", {{"observed", {1, "two"}}, {"range", {2}}}),
            "observed[1]: must be a number");
  EXPECT_EQ(ErrorOf("cusum", {{"observed", {1, 2, -3}}, {"range", {2}}}),
            "observed[2]: must be a finite non-negative count");
  EXPECT_EQ(ErrorOf("cusum", {{"observed", {1, 2, 3}}}), "range: missing (required by cusum)");
  EXPECT_EQ(ErrorOf("cusum", {{"observed", {1, 2, 3}}, {"range", {2.5}}}),
            "range[0]: must be an integer");
  EXPECT_EQ(ErrorOf("cusum", {{"observed", {1, 2, 3}}, {"range", {2}}, {"control", 3}}),
            "control: must be an object");
}

TEST(DetectCommandTest, RejectsInvalidParametersNamingThem) {
  const json y = Series(400, 2);
  auto with = [&](json control) {
    return json{{"observed", y}, {"range", {300, 301}}, {"control", std::move(control)}};
  };
  EXPECT_EQ(ErrorOf("ears-c1", with({{"alpha", "small"}})),
            "control.alpha: must be a finite number");
  EXPECT_EQ(ErrorOf("ears-c1", with({{"alpha", 1.5}})), "control.alpha: must be in (0,1)");
  EXPECT_EQ(ErrorOf("ears-c1", with({{"method", "C2"}})),
            "control.method: must be \"C1\" for this method");
  EXPECT_EQ(ErrorOf("ears-c2", with({{"baseline", 6.5}})), "control.baseline: must be an integer");
  EXPECT_EQ(ErrorOf("farrington", with({{"b", 0}})), "control.b: must be at least 1");
  EXPECT_EQ(ErrorOf("farrington", with({{"reweight", "yes"}})),
            "control.reweight: must be true or false");
  EXPECT_EQ(ErrorOf("farrington", with({{"powertrans", "1/3"}})),
            "control.powertrans: must be one of \"2/3\", \"1/2\", \"none\"");
  EXPECT_EQ(ErrorOf("farrington", with({{"limit54", {5}}})),
            "control.limit54: must be [cases, period] with an integer period");
  EXPECT_EQ(ErrorOf("farrington-flexible", with({{"thresholdMethod", "exact"}})),
            "control.thresholdMethod: must be one of \"delta\", \"nbPlugin\", \"muan\"");
  EXPECT_EQ(ErrorOf("farrington-flexible", with({{"populationOffset", true}})),
            "control.populationOffset: a population offset is not implemented");
  EXPECT_EQ(ErrorOf("farrington-flexible", with({{"noPeriods", 100}})),
            "control.noPeriods: too many periods for the weeks between windows");
  EXPECT_EQ(ErrorOf("cusum", with({{"trans", "rossi"}})),
            "control.trans: only \"standard\" is implemented");
  EXPECT_EQ(ErrorOf("cusum", with({{"m", "glm"}})),
            "control.m: must be a number or null (\"glm\" is not implemented)");
  EXPECT_EQ(ErrorOf("glr-poisson", with({{"c.ARL", -1}})),
            "control.c.ARL: must be a finite number > 0");
  EXPECT_EQ(ErrorOf("glr-poisson", with({{"theta", 2}})),
            "control.theta: only null (GLR) is implemented");
  EXPECT_EQ(ErrorOf("glr-poisson", with({{"mu0Model", {{"refit", true}}}})),
            "control.mu0Model: refit: refitting after alarms is not implemented");
  EXPECT_EQ(ErrorOf("poisson-rate", with({{"b", 0}})), "control.b: must be at least 1");
  json dated = with(json::object());
  dated["epochAsDate"] = true;
  EXPECT_EQ(ErrorOf("farrington", dated).substr(0, 12), "epochAsDate:");
  EXPECT_EQ(ErrorOf("farrington", {{"observed", y}, {"range", {40}}}),
            "range[0]: 40 has 0 reference points (b, w and frequency); at least 3 are needed");
}

TEST(DetectCommandTest, RunsEveryMethodWithDefaults) {
  json y = json::array();
  for (int t = 1; t <= 320; ++t) y.push_back(2 + (t % 7 == 0 ? 3 : 0) + (t % 52 < 4 ? 2 : 0));
  for (std::string_view method : {"ears-c1", "ears-c2", "ears-c3", "farrington",
                                  "farrington-flexible", "cusum", "glr-poisson", "poisson-rate"}) {
    SCOPED_TRACE(method);
    const auto output =
        RunDetectCommand(method, json{{"observed", y}, {"range", {300, 301, 302}}}.dump());
    ASSERT_TRUE(output.ok()) << output.status();
    const json parsed = json::parse(*output);
    EXPECT_EQ(parsed["method"], method);
    EXPECT_EQ(parsed["alarm"].size(), 3u);
    EXPECT_EQ(parsed["upperbound"].size(), 3u);
  }
}

}  // namespace
}  // namespace claimwatch::detection
