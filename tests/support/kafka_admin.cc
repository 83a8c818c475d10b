#include "tests/support/kafka_admin.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <set>
#include <stdexcept>

#include "librdkafka/rdkafka.h"
#include "librdkafka/rdkafkacpp.h"

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
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error, sizeof(error));
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
  if (handle == nullptr) throw std::runtime_error(error);
  rd_kafka_NewTopic_t* request =
      rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, error, sizeof(error));
  rd_kafka_queue_t* queue = rd_kafka_queue_new(handle);
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_ANY);
  rd_kafka_AdminOptions_set_operation_timeout(options, 30000, error, sizeof(error));
  rd_kafka_CreateTopics(handle, &request, 1, options, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 60000);
  std::string failure;
  if (event == nullptr) {
    failure = "no answer from broker " + brokers + " within 60 s (is it running?)";
  } else if (rd_kafka_event_error(event)) {
    failure = rd_kafka_event_error_string(event);
  } else {
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
    if (count == 1 && rd_kafka_topic_result_error(results[0]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      failure = rd_kafka_topic_result_error_string(results[0]);
    }
  }
  if (event) rd_kafka_event_destroy(event);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_NewTopic_destroy(request);
  rd_kafka_queue_destroy(queue);
  rd_kafka_destroy(handle);
  if (!failure.empty()) throw std::runtime_error("create topic " + topic + ": " + failure);
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
