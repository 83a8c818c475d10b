#include "services/kafka/kafka_stats.h"

#include "gtest/gtest.h"

namespace claimwatch::kafka {
namespace {

TEST(KafkaStatsTest, ReadsQueuesAndBrokersFromLibrdkafkaStatistics) {
  auto stats = ParseClientStats(R"({"name":"rdkafka#consumer-1","client_id":"rdkafka",
    "type":"consumer","ts":1,"time":1,"replyq":3,"msg_cnt":120,"msg_size":4096,
    "brokers":{
      "127.0.0.1:9092/1":{"name":"127.0.0.1:9092/1","nodeid":1,"state":"UP",
                          "rtt":{"min":100,"max":900,"avg":450,"cnt":10}},
      "127.0.0.1:9092/bootstrap":{"name":"127.0.0.1:9092/bootstrap","nodeid":-1,
                                  "state":"UP","rtt":{"avg":0}},
      "b2:9092/2":{"name":"b2:9092/2","nodeid":2,"state":"DOWN","rtt":{"avg":0}}},
    "topics":{}})");
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->client, "rdkafka#consumer-1");
  EXPECT_EQ(stats->type, "consumer");
  EXPECT_EQ(stats->queued_messages, 120);
  EXPECT_EQ(stats->queued_replies, 3);
  ASSERT_EQ(stats->brokers.size(), 2u);
  EXPECT_EQ(stats->brokers[0].name, "127.0.0.1:9092/1");
  EXPECT_TRUE(stats->brokers[0].up);
  EXPECT_DOUBLE_EQ(stats->brokers[0].rtt_seconds, 450e-6);
  EXPECT_FALSE(stats->brokers[1].up);
}

TEST(KafkaStatsTest, NamesWhatIsMissing) {
  EXPECT_EQ(ParseClientStats("{").status().message(),
            "kafka statistics: document: missing or mistyped");
  EXPECT_EQ(ParseClientStats(R"({"name":"x","type":"consumer","msg_cnt":1,"replyq":0})")
                .status()
                .message(),
            "kafka statistics: brokers: missing or mistyped");
}

}  // namespace
}  // namespace claimwatch::kafka
