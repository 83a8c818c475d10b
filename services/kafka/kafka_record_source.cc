#include "services/kafka/kafka_record_source.h"

#include <algorithm>
#include <charconv>

#include "services/kafka/kafka_resolution_sinks.h"

namespace claimwatch::kafka {
namespace {

// The version a tombstone of the incidents topic carries in its header; 0 when it has none.
int64_t TombstoneVersion(RdKafka::Message& message) {
  RdKafka::Headers* headers = message.headers();  // owned by the message
  if (headers == nullptr) return 0;
  const RdKafka::Headers::Header header = headers->get_last(kIncidentVersionHeader);
  if (header.err() != RdKafka::ERR_NO_ERROR || header.value() == nullptr) return 0;
  const char* text = static_cast<const char*>(header.value());
  int64_t version = 0;
  std::from_chars(text, text + header.value_size(), version);
  return version;
}

}  // namespace

class KafkaRecordSource::Rebalancer : public RdKafka::RebalanceCb {
 public:
  explicit Rebalancer(KafkaRecordSource& source) : source_(source) {}
  void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode error,
                    std::vector<RdKafka::TopicPartition*>& partitions) override {
    const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
    if (error == RdKafka::ERR__ASSIGN_PARTITIONS) {
      source_.OnAssigned(partitions);
      if (cooperative) {
        delete consumer->incremental_assign(partitions);
      } else {
        consumer->assign(partitions);
      }
      return;
    }
    source_.OnRevoked(partitions);
    if (cooperative) {
      delete consumer->incremental_unassign(partitions);
    } else {
      consumer->unassign();
    }
  }

 private:
  KafkaRecordSource& source_;
};

Result<std::unique_ptr<KafkaRecordSource>> KafkaRecordSource::Create(
    Properties properties, std::vector<std::string> topics, PositionLookup lookup,
    StatsHandler stats) {
  // The store holds the truth about progress: never let the client commit or reset on its own.
  properties["enable.auto.commit"] = "false";
  properties["enable.auto.offset.store"] = "false";
  properties["enable.partition.eof"] = "true";
  properties.try_emplace("auto.offset.reset", "earliest");
  std::unique_ptr<KafkaRecordSource> source(new KafkaRecordSource());
  auto conf = BuildConfWithStats(std::move(properties), stats, source->events_);
  if (!conf.ok()) return conf.status();

  source->lookup_ = std::move(lookup);
  source->rebalancer_ = std::make_unique<Rebalancer>(*source);
  std::string error;
  if ((*conf)->set("rebalance_cb", source->rebalancer_.get(), error) != RdKafka::Conf::CONF_OK) {
    return Internal(error);
  }
  source->consumer_.reset(RdKafka::KafkaConsumer::create(conf->get(), error));
  if (!source->consumer_) return FailedPrecondition(StrCat("kafka consumer: ", error));
  if (auto code = source->consumer_->subscribe(topics); code != RdKafka::ERR_NO_ERROR) {
    return FailedPrecondition(StrCat("kafka subscribe: ", RdKafka::err2str(code)));
  }
  return source;
}

KafkaRecordSource::~KafkaRecordSource() {
  ReleaseMessages();
  Close();
}

void KafkaRecordSource::Close() {
  if (closed_ || !consumer_) return;
  closed_ = true;
  consumer_->close();
}

void KafkaRecordSource::ReleaseMessages() {
  for (auto* message : messages_) delete message;
  messages_.clear();
  records_.clear();
}

void KafkaRecordSource::OnAssigned(const std::vector<RdKafka::TopicPartition*>& partitions) {
  for (auto* partition : partitions) {
    auto stored = lookup_(partition->topic(), partition->partition());
    if (!stored.ok()) {
      assignment_error_ = stored.status();
      continue;
    }
    partition->set_offset(stored->value_or(RdKafka::Topic::OFFSET_BEGINNING));
    assigned_[{partition->topic(), partition->partition()}] =
        PartitionState{.next_offset = stored->value_or(-1)};
  }
}

void KafkaRecordSource::OnRevoked(const std::vector<RdKafka::TopicPartition*>& partitions) {
  // Records already polled from a revoked partition are dropped, not processed: their offsets
  // are not in the store, so whoever owns the partition next reads them again.
  for (auto* partition : partitions) {
    const PartitionKey key{partition->topic(), partition->partition()};
    assigned_.erase(key);
    for (size_t i = 0; i < messages_.size();) {
      if (messages_[i]->topic_name() == key.first && messages_[i]->partition() == key.second) {
        delete messages_[i];
        messages_.erase(messages_.begin() + static_cast<ptrdiff_t>(i));
        records_.erase(records_.begin() + static_cast<ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
  }
}

Result<bool> KafkaRecordSource::HandleEvent(RdKafka::Message& message) {
  switch (message.err()) {
    case RdKafka::ERR__TIMED_OUT:
      return false;
    case RdKafka::ERR__PARTITION_EOF:
      if (auto it = assigned_.find({message.topic_name(), message.partition()});
          it != assigned_.end()) {
        it->second.at_end = true;
      }
      return true;
    case RdKafka::ERR__FATAL:
      return FailedPrecondition(StrCat("kafka consumer: fatal: ", message.errstr()));
    default:
      // Transient (broker down, leader change): librdkafka retries by itself.
      return false;
  }
}

Result<std::span<const records::Record>> KafkaRecordSource::Poll(
    size_t max_records, std::chrono::milliseconds timeout) {
  ReleaseMessages();
  auto wait = timeout;
  while (records_.size() < max_records) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(static_cast<int>(wait.count())));
    if (!assignment_error_.ok()) return assignment_error_;
    if (message->err() != RdKafka::ERR_NO_ERROR) {
      auto more = HandleEvent(*message);
      if (!more.ok()) return more.status();
      if (!*more) break;
      continue;
    }
    auto it = assigned_.find({message->topic_name(), message->partition()});
    if (it == assigned_.end()) continue;  // from a partition revoked meanwhile
    it->second.at_end = false;
    it->second.next_offset = message->offset() + 1;
    // The topic view points at the assignment map's key: topic_name() returns a temporary.
    records_.push_back(
        {it->first.first, message->partition(), message->offset(),
         std::string_view(static_cast<const char*>(message->key_pointer()), message->key_len()),
         std::string_view(static_cast<const char*>(message->payload()), message->len()),
         message->payload() == nullptr ? TombstoneVersion(*message) : 0});
    messages_.push_back(message.release());
    wait = std::chrono::milliseconds(0);  // the first record waited; the rest is what is queued
  }
  return std::span<const records::Record>(records_);
}

void KafkaRecordSource::Acknowledge(std::span<const storage::SourcePosition> positions) {
  std::vector<RdKafka::TopicPartition*> offsets;
  for (const auto& position : positions) {
    if (!assigned_.contains({position.topic, position.partition})) continue;
    offsets.push_back(
        RdKafka::TopicPartition::create(position.topic, position.partition, position.next_offset));
  }
  if (!offsets.empty()) consumer_->commitAsync(offsets);
  RdKafka::TopicPartition::destroy(offsets);
}

bool KafkaRecordSource::CaughtUp() const {
  return !assigned_.empty() && std::all_of(assigned_.begin(), assigned_.end(),
                                           [](const auto& entry) { return entry.second.at_end; });
}

Result<bool> KafkaRecordSource::ReachedHighWatermarks() {
  if (assigned_.empty()) return false;
  for (const auto& [key, state] : assigned_) {
    int64_t low = 0, high = 0;
    auto code = consumer_->query_watermark_offsets(key.first, key.second, &low, &high, 5000);
    if (code != RdKafka::ERR_NO_ERROR) {
      return Unavailable(StrCat("kafka: watermarks of ", key.first, ":", key.second, ": ",
                                RdKafka::err2str(code)));
    }
    const int64_t next = state.next_offset >= 0 ? state.next_offset : low;
    if (next < high) return false;
  }
  return true;
}

std::vector<PartitionLag> KafkaRecordSource::Lag() {
  std::vector<PartitionLag> lags;
  for (const auto& [key, state] : assigned_) {
    int64_t low = 0, high = 0;
    if (consumer_->get_watermark_offsets(key.first, key.second, &low, &high) !=
            RdKafka::ERR_NO_ERROR ||
        high < 0) {
      continue;
    }
    // A stored position past the end (a recreated topic) reads as nothing to do, not negative lag.
    lags.push_back(
        {key.first, key.second, std::max<int64_t>(0, high - std::max(state.next_offset, low))});
  }
  return lags;
}

}  // namespace claimwatch::kafka
