#include "services/claimwatch/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace claimwatch::cli {
namespace {

class ConfigTest : public testing::Test {
 protected:
  std::string Write(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            ("config_test_" + std::to_string(::getpid()) + ".toml");
    std::ofstream(path_) << text;
    return path_.string();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(ConfigTest, DefaultsWithoutAFile) {
  auto config = LoadConfig(std::nullopt);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->kafka.brokers, "127.0.0.1:9092");
  EXPECT_EQ(config->kafka.claims_topic, "claims");
  EXPECT_EQ(config->kafka.dlq_topic, "claims.dlq");
  EXPECT_EQ(config->metrics.port, 9464);
  EXPECT_EQ(config->kafka.Consumer().at("group.id"), "claimwatch-ingest");
}

TEST_F(ConfigTest, ReadsEverySectionAndPassesKafkaPropertiesThrough) {
  auto config = LoadConfig(Write(R"(
[kafka]
brokers = "b1:9093,b2:9093"
group = "g"
claims_topic = "in"
dlq_topic = "in.dlq"
[kafka.properties]
"security.protocol" = "SASL_SSL"
"sasl.mechanisms" = "SCRAM-SHA-512"
[kafka.consumer]
"fetch.max.bytes" = 1048576
[kafka.producer]
"enable.idempotence" = false
[store]
path = "/var/lib/cw"
block_cache_mb = 32
sync = true
[ingest]
batch_max_records = 100
poll_timeout_ms = 20
max_message_bytes = 4096
[metrics]
bind = "0.0.0.0"
port = 9999
)"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->kafka.Consumer().at("bootstrap.servers"), "b1:9093,b2:9093");
  EXPECT_EQ(config->kafka.Consumer().at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(config->kafka.Consumer().at("fetch.max.bytes"), "1048576");
  EXPECT_FALSE(config->kafka.Producer().contains("fetch.max.bytes"));
  EXPECT_EQ(config->kafka.Producer().at("enable.idempotence"), "false");
  EXPECT_EQ(config->store.path, "/var/lib/cw");
  EXPECT_EQ(config->store.block_cache_bytes, 32u << 20);
  EXPECT_TRUE(config->store.sync);
  EXPECT_EQ(config->ingest.batch_max_records, 100u);
  EXPECT_EQ(config->ingest.poll_timeout.count(), 20);
  EXPECT_EQ(config->ingest.parser.max_message_bytes, 4096u);
  EXPECT_EQ(config->metrics.port, 9999);
}

TEST_F(ConfigTest, ReadsResolutionRulesAndStageTopics) {
  auto config = LoadConfig(Write(R"(
[kafka]
normalized_topic = "n"
incidents_topic = "i"
resolution_partitions = 12
[resolution]
date_tolerance_days = 2
distance_km = 7.5
district_level = false
)"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->kafka.normalized_topic, "n");
  EXPECT_EQ(config->kafka.incidents_topic, "i");
  EXPECT_EQ(config->kafka.resolution_partitions, 12);
  EXPECT_EQ(config->rules.date_tolerance_days, 2);
  EXPECT_EQ(config->rules.distance_km, 7.5);
  EXPECT_FALSE(config->rules.district_level);
  auto whole = LoadConfig(Write("[resolution]\ndistance_km = 10\n"));
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->rules.distance_km, 10.0) << "an integer is a number too";
}

TEST_F(ConfigTest, SecretsComeFromTheEnvironment) {
  ::setenv("CLAIMWATCH_KAFKA_SASL_PASSWORD", "s3cret", 1);
  auto config = LoadConfig(std::nullopt);
  ::unsetenv("CLAIMWATCH_KAFKA_SASL_PASSWORD");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->kafka.Producer().at("sasl.password"), "s3cret");
}

TEST_F(ConfigTest, ErrorsNameTheFileKeyAndReason) {
  auto message = [&](const std::string& text) {
    auto config = LoadConfig(Write(text));
    return config.ok() ? std::string("ok") : std::string(config.status().message());
  };
  const std::string file = "config " + std::filesystem::temp_directory_path().string();
  EXPECT_NE(message("[store]\npath = 3\n").find(": store.path: expected a string"),
            std::string::npos);
  EXPECT_NE(message("[ingest]\nbatch_size = 3\n").find("ingest.batch_size: unknown key"),
            std::string::npos);
  EXPECT_NE(message("[kafak]\n").find(": kafak: unknown key"), std::string::npos);
  EXPECT_NE(message("[ingest]\nbatch_max_records = -1\n")
                .find("ingest.batch_max_records: must not be negative"),
            std::string::npos);
  EXPECT_NE(message("[ingest]\nbatch_max_records = 0\n").find("must be at least 1"),
            std::string::npos);
  EXPECT_NE(message("[store\n").find(":1: "), std::string::npos);
  EXPECT_NE(message("[resolution]\ndistance_km = \"far\"\n")
                .find("resolution.distance_km: expected a number"),
            std::string::npos);
  EXPECT_NE(message("[resolution]\ndistance_km = -2.5\n")
                .find("resolution.distance_km: must not be negative"),
            std::string::npos);
  EXPECT_NE(message("[resolution]\ntolerance = 2\n").find("resolution.tolerance: unknown key"),
            std::string::npos);
  EXPECT_EQ(message("[store]\npath = 3\n").rfind(file, 0), 0u);
}

TEST_F(ConfigTest, ReadsAggregateAndHttpAndTheTokenFromTheEnvironment) {
  auto config = LoadConfig(Write(R"(
[aggregate]
grace_days = 10
windows_days = [7, 28]
gauge_refresh_seconds = 2
group = "agg-a"
[http]
bind = "0.0.0.0"
port = 9000
token = "from-file"
threads = 2
max_body_bytes = 1024
)"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->aggregate.counts.grace_days, 10);
  EXPECT_EQ(config->aggregate.windows_days, (std::vector<int>{7, 28}));
  EXPECT_EQ(config->http.windows_days, (std::vector<int>{7, 28}));
  EXPECT_EQ(config->aggregate.group, "agg-a");
  EXPECT_EQ(config->http.port, 9000);
  EXPECT_EQ(config->http.token, "from-file");
  ::setenv("CLAIMWATCH_HTTP_TOKEN", "from-env", 1);
  config = LoadConfig(path_.string());
  ::unsetenv("CLAIMWATCH_HTTP_TOKEN");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->http.token, "from-env");
}

TEST_F(ConfigTest, RejectsBadAggregateAndHttpValuesNamingTheKey) {
  auto windows = LoadConfig(Write("[aggregate]\nwindows_days = [7, 0]\n"));
  EXPECT_NE(windows.status().message().find("aggregate.windows_days: expected an array of "
                                            "integers from 1 to 3660"),
            std::string::npos)
      << windows.status();
  auto port = LoadConfig(Write("[http]\nport = 70000\n"));
  EXPECT_NE(port.status().message().find("http.port: must be at most 65535"), std::string::npos)
      << port.status();
  auto unknown = LoadConfig(Write("[http]\ntokens = \"x\"\n"));
  EXPECT_NE(unknown.status().message().find("http.tokens: unknown key"), std::string::npos);
}

TEST_F(ConfigTest, AlertPolicyDefaultsAndRulesFromTheFile) {
  auto defaults = LoadConfig(std::nullopt);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->alerts.topic, "alerts");
  EXPECT_EQ(defaults->alerts.webhook, "");
  EXPECT_EQ(defaults->alerts.policy.surges.size(), 2u);
  EXPECT_EQ(defaults->alerts.policy.coclaim.level, 5);
  auto config = LoadConfig(Write(R"(
[alerts]
topic = "alerts.pk"
webhook = "http://127.0.0.1:9093"
webhook_resend_seconds = 30
novelty_gap_days = 180
coclaim_level = 3

[[alerts.surge]]
name = "weekly-farrington"
detector = "farrington-flexible"
interval = "week"
per_province = false
history = 520
min_observed = 2
control = { b = 3, w = 2, alpha = 0.01, thresholdMethod = "nbPlugin", limit54 = [2, 4] }
)"));
  ASSERT_TRUE(config.ok()) << config.status();
  const auto& alerts = config->alerts;
  EXPECT_EQ(alerts.topic, "alerts.pk");
  EXPECT_EQ(alerts.webhook, "http://127.0.0.1:9093");
  EXPECT_EQ(alerts.webhook_resend_seconds, 30);
  EXPECT_EQ(alerts.policy.novelty.gap_days, 180);
  EXPECT_EQ(alerts.policy.coclaim.level, 3);
  ASSERT_EQ(alerts.policy.surges.size(), 1u);  // the file's rules replace the defaults
  const auto& rule = alerts.policy.surges[0];
  EXPECT_EQ(rule.detector, "farrington-flexible");
  EXPECT_EQ(rule.interval, trends::Interval::kWeek);
  EXPECT_FALSE(rule.per_province);
  EXPECT_EQ(rule.history, 520);
  EXPECT_EQ(rule.control["thresholdMethod"], "nbPlugin");
  EXPECT_EQ(rule.control["limit54"], nlohmann::json::array({2, 4}));
  EXPECT_DOUBLE_EQ(rule.control["alpha"].get<double>(), 0.01);
}

TEST_F(ConfigTest, RejectsBadAlertRulesNamingTheRuleAndParameter) {
  auto message = [&](const std::string& text) {
    return std::string(LoadConfig(Write(text)).status().message());
  };
  EXPECT_NE(message("[[alerts.surge]]\nname = \"m\"\ninterval = \"day\"\n")
                .find("alerts.surge[0].interval: expected week or month"),
            std::string::npos);
  EXPECT_NE(message("[[alerts.surge]]\nname = \"m\"\ncontrol = { alpha = 1.5 }\n")
                .find("alerts.surge[0] (m): control.alpha"),
            std::string::npos)
      << message("[[alerts.surge]]\nname = \"m\"\ncontrol = { alpha = 1.5 }\n");
  EXPECT_NE(message("[[alerts.surge]]\nname = \"m\"\ndetector = \"magic\"\n")
                .find("alerts.surge[0] (m): method: unknown \"magic\""),
            std::string::npos);
  EXPECT_NE(message("[[alerts.surge]]\nname = \"m\"\nwindow = 3\n")
                .find("alerts.surge[0].window: unknown key"),
            std::string::npos);
  EXPECT_NE(message("[alerts]\ncoclaim_level = 0\n").find("alerts.coclaim_level: must be >= 1"),
            std::string::npos);
  EXPECT_NE(message("[alerts]\nsurge = 3\n").find("alerts.surge: expected [[alerts.surge]]"),
            std::string::npos);
}

}  // namespace
}  // namespace claimwatch::cli
