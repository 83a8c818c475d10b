#include "services/kafka/kafka_topics.h"

#include <memory>

#include "librdkafka/rdkafka.h"

namespace claimwatch::kafka {
namespace {

template <typename T, void (*Destroy)(T*)>
struct Deleter {
  void operator()(T* pointer) const {
    if (pointer != nullptr) Destroy(pointer);
  }
};
using Handle = std::unique_ptr<rd_kafka_t, Deleter<rd_kafka_t, rd_kafka_destroy>>;
using Queue = std::unique_ptr<rd_kafka_queue_t, Deleter<rd_kafka_queue_t, rd_kafka_queue_destroy>>;
using Options = std::unique_ptr<rd_kafka_AdminOptions_t,
                                Deleter<rd_kafka_AdminOptions_t, rd_kafka_AdminOptions_destroy>>;
using Event = std::unique_ptr<rd_kafka_event_t, Deleter<rd_kafka_event_t, rd_kafka_event_destroy>>;
using NewTopic =
    std::unique_ptr<rd_kafka_NewTopic_t, Deleter<rd_kafka_NewTopic_t, rd_kafka_NewTopic_destroy>>;

}  // namespace

Result<> EnsureTopics(const Properties& properties, const std::vector<TopicSpec>& topics,
                      std::chrono::milliseconds timeout) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [name, value] : properties) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof(error)) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return FailedPrecondition(StrCat("kafka property ", name, ": ", error));
    }
  }
  Handle handle(rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error)));
  if (!handle) return FailedPrecondition(StrCat("kafka admin client: ", error));
  std::vector<NewTopic> owned;
  std::vector<rd_kafka_NewTopic_t*> requests;
  for (const auto& topic : topics) {
    owned.emplace_back(
        rd_kafka_NewTopic_new(topic.name.c_str(), topic.partitions, -1, error, sizeof(error)));
    if (!owned.back()) return FailedPrecondition(StrCat("topic ", topic.name, ": ", error));
    for (const auto& [name, value] : topic.config) {
      rd_kafka_NewTopic_set_config(owned.back().get(), name.c_str(), value.c_str());
    }
    requests.push_back(owned.back().get());
  }
  Queue queue(rd_kafka_queue_new(handle.get()));
  Options options(rd_kafka_AdminOptions_new(handle.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
  rd_kafka_AdminOptions_set_operation_timeout(options.get(), static_cast<int>(timeout.count()),
                                              error, sizeof(error));
  rd_kafka_CreateTopics(handle.get(), requests.data(), requests.size(), options.get(), queue.get());
  Event event(rd_kafka_queue_poll(queue.get(), static_cast<int>(timeout.count())));
  if (!event) return Unavailable("kafka: no broker answered the topic check");
  if (rd_kafka_event_error(event.get())) {
    return Unavailable(StrCat("kafka: create topics: ", rd_kafka_event_error_string(event.get())));
  }
  size_t count = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
  for (size_t i = 0; i < count; ++i) {
    auto code = rd_kafka_topic_result_error(results[i]);
    if (code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      continue;
    }
    return FailedPrecondition(StrCat("kafka: create topic ", rd_kafka_topic_result_name(results[i]),
                                     ": ", rd_kafka_topic_result_error_string(results[i])));
  }
  return absl::OkStatus();
}

}  // namespace claimwatch::kafka
