#include "tests/support/kafka_admin.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <set>
#include <stdexcept>

#include "librdkafka/rdkafkacpp.h"
#include "services/kafka/kafka_topics.h"

namespace claimwatch::testing {

std::string TestBrokers() {
  const char* brokers = std::getenv("CLAIMWATCH_TEST_BROKERS");
  return brokers ? brokers : "127.0.0.1:9092";
}

std::string UniqueName(const std::string& prefix) {
  return prefix + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000007);
}

void CreateTopic(const std::string& brokers, const std::string& topic, int partitions) {
  auto created = kafka::EnsureTopics({{"bootstrap.servers", brokers}}, {{topic, partitions, {}}});
  if (!created.ok()) {
    throw std::runtime_error("create topic " + topic + " on " + brokers + ": " +
                             std::string(created.message()) + " (is the broker running?)");
  }
}

std::vector<ConsumedMessage> ReadTopic(const std::string& brokers, const std::string& topic) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", brokers, error);
  conf->set("group.id", UniqueName("reader"), error);
  conf->set("enable.partition.eof", "true", error);
  conf->set("auto.offset.reset", "earliest", error);
  conf->set("enable.auto.commit", "false", error);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) throw std::runtime_error(error);
  consumer->subscribe({topic});
  std::vector<ConsumedMessage> messages;
  std::set<int32_t> finished;
  std::set<int32_t> assigned;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    std::unique_ptr<RdKafka::Message> message(consumer->consume(200));
    std::vector<RdKafka::TopicPartition*> assignment;
    consumer->assignment(assignment);
    assigned.clear();
    for (auto* partition : assignment) assigned.insert(partition->partition());
    RdKafka::TopicPartition::destroy(assignment);
    if (message->err() == RdKafka::ERR__PARTITION_EOF) finished.insert(message->partition());
    if (!assigned.empty() && finished == assigned) break;
    if (message->err() != RdKafka::ERR_NO_ERROR) continue;
    finished.erase(message->partition());
    ConsumedMessage copy{message->partition(),
                         message->offset(),
                         message->key() ? *message->key() : "",
                         message->payload() == nullptr,
                         std::string(static_cast<const char*>(message->payload()), message->len()),
                         {}};
    if (auto* headers = message->headers()) {
      for (const auto& header : headers->get_all()) {
        copy.headers[header.key()] =
            std::string(static_cast<const char*>(header.value()), header.value_size());
      }
    }
    messages.push_back(std::move(copy));
  }
  consumer->close();
  return messages;
}

}  // namespace claimwatch::testing

namespace claimwatch::testing {

bool GroupCaughtUp(const std::string& brokers, const std::string& group, const std::string& topic) {
  std::string error;
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  conf->set("bootstrap.servers", brokers, error);
  conf->set("group.id", group, error);
  std::unique_ptr<RdKafka::KafkaConsumer> consumer(
      RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!consumer) throw std::runtime_error(error);
  RdKafka::Metadata* metadata = nullptr;
  std::unique_ptr<RdKafka::Topic> handle(
      RdKafka::Topic::create(consumer.get(), topic, nullptr, error));
  if (consumer->metadata(false, handle.get(), &metadata, 10000) != RdKafka::ERR_NO_ERROR) {
    throw std::runtime_error("metadata of " + topic);
  }
  std::vector<RdKafka::TopicPartition*> partitions;
  for (const auto* partition : *metadata->topics()->at(0)->partitions()) {
    partitions.push_back(RdKafka::TopicPartition::create(topic, partition->id()));
  }
  delete metadata;
  bool caught_up = consumer->committed(partitions, 10000) == RdKafka::ERR_NO_ERROR;
  for (auto* partition : partitions) {
    int64_t low = 0, high = 0;
    if (consumer->query_watermark_offsets(topic, partition->partition(), &low, &high, 10000) !=
        RdKafka::ERR_NO_ERROR) {
      caught_up = false;
      continue;
    }
    const int64_t committed = partition->offset() < 0 ? low : partition->offset();
    caught_up = caught_up && committed >= high;
  }
  RdKafka::TopicPartition::destroy(partitions);
  consumer->close();
  return caught_up;
}

}  // namespace claimwatch::testing
