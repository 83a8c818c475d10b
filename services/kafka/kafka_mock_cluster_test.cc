// Failure paths and resume semantics of the Kafka adapters against librdkafka's mock cluster.
#include <map>
#include <memory>

#include "gtest/gtest.h"
#include "librdkafka/rdkafka.h"
#include "librdkafka/rdkafka_mock.h"
#include "services/kafka/kafka_dead_letter_sink.h"
#include "services/kafka/kafka_record_source.h"
#include "services/kafka/kafka_writer.h"

namespace claimwatch::kafka {
namespace {

// Hosts a mock cluster for the lifetime of the test.
class MockCluster {
 public:
  MockCluster() {
    char error[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
    cluster_ = rd_kafka_mock_cluster_new(handle_, 1);
    rd_kafka_mock_topic_create(cluster_, "claims", 2, 1);
    rd_kafka_mock_topic_create(cluster_, "claims.dlq", 1, 1);
  }
  ~MockCluster() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(handle_);
  }
  Properties Client() const {
    return {{"bootstrap.servers", rd_kafka_mock_cluster_bootstraps(cluster_)}};
  }
  rd_kafka_mock_cluster_t* cluster() { return cluster_; }

 private:
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

TEST(KafkaMockClusterTest, ConsumerResumesFromTheStoredPositionNotTheBroker) {
  MockCluster mock;
  auto writer = KafkaWriter::Create(mock.Client());
  ASSERT_TRUE(writer.ok()) << writer.status();
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE((*writer)->Send("claims", "same-key", "m" + std::to_string(i)).ok());
  }
  ASSERT_TRUE((*writer)->Flush(std::chrono::seconds(10)).ok());

  auto properties = mock.Client();
  properties["group.id"] = "g1";
  // The store says: partition p resumes at offset 7; the other partition was never consumed.
  std::map<int32_t, int64_t> stored = {{0, 7}, {1, 7}};
  auto source = KafkaRecordSource::Create(
      properties, {"claims"},
      [&](const std::string&, int32_t partition) -> Result<std::optional<int64_t>> {
        return std::optional<int64_t>{stored[partition]};
      });
  ASSERT_TRUE(source.ok()) << source.status();
  std::vector<std::string> payloads;
  for (int round = 0; round < 100 && !(*source)->CaughtUp(); ++round) {
    auto batch = (*source)->Poll(100, std::chrono::milliseconds(100));
    ASSERT_TRUE(batch.ok()) << batch.status();
    for (const auto& record : *batch) {
      EXPECT_GE(record.offset, 7);
      EXPECT_EQ(record.topic, "claims");
      EXPECT_EQ(record.key, "same-key");
      payloads.emplace_back(record.payload);
    }
  }
  EXPECT_TRUE((*source)->CaughtUp());
  EXPECT_EQ(payloads, (std::vector<std::string>{"m7", "m8", "m9"}));
  for (const auto& lag : (*source)->Lag()) EXPECT_EQ(lag.lag, 0);
}

TEST(KafkaMockClusterTest, StoreErrorOnAssignmentStopsPolling) {
  MockCluster mock;
  auto properties = mock.Client();
  properties["group.id"] = "g2";
  auto source = KafkaRecordSource::Create(
      properties, {"claims"}, [](const std::string&, int32_t) -> Result<std::optional<int64_t>> {
        return Unavailable("store: disk gone");
      });
  ASSERT_TRUE(source.ok());
  absl::Status status;
  for (int round = 0; round < 100 && status.ok(); ++round) {
    status = (*source)->Poll(10, std::chrono::milliseconds(100)).status();
  }
  EXPECT_EQ(status.message(), "store: disk gone");
}

TEST(KafkaMockClusterTest, DeadLetterWriteFailsWhenTheBrokerIsDown) {
  MockCluster mock;
  auto properties = mock.Client();
  properties["message.timeout.ms"] = "1000";
  auto writer = KafkaWriter::Create(properties);
  ASSERT_TRUE(writer.ok());
  rd_kafka_mock_broker_set_down(mock.cluster(), 1);
  KafkaDeadLetterSink sink(**writer, "claims.dlq", std::chrono::seconds(5));
  records::DeadLetter letter{{"claims", 1, 42, "k", "not json"}, "invalid_json", "message: x"};
  auto written = sink.Write({&letter, 1});
  EXPECT_TRUE(absl::IsUnavailable(written)) << written;
}

TEST(KafkaMockClusterTest, StatisticsReachTheHandler) {
  MockCluster mock;
  auto properties = mock.Client();
  properties["group.id"] = "g3";
  properties["statistics.interval.ms"] = "100";
  std::vector<ClientStats> seen;
  auto source = KafkaRecordSource::Create(
      properties, {"claims"},
      [](const std::string&, int32_t) -> Result<std::optional<int64_t>> {
        return std::optional<int64_t>{};
      },
      [&](const ClientStats& stats) { seen.push_back(stats); });
  ASSERT_TRUE(source.ok()) << source.status();
  for (int round = 0; round < 50 && seen.empty(); ++round) {
    ASSERT_TRUE((*source)->Poll(10, std::chrono::milliseconds(100)).ok());
  }
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().type, "consumer");
  ASSERT_FALSE(seen.back().brokers.empty());
}

TEST(KafkaConfigTest, NamesTheBadProperty) {
  auto conf = BuildConf({{"no.such.property", "1"}});
  ASSERT_FALSE(conf.ok());
  EXPECT_NE(conf.status().message().find("kafka property no.such.property"), std::string::npos);
}

}  // namespace
}  // namespace claimwatch::kafka
