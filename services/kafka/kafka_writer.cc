#include "services/kafka/kafka_writer.h"

namespace claimwatch::kafka {

class KafkaWriter::DeliveryReports : public RdKafka::DeliveryReportCb {
 public:
  explicit DeliveryReports(KafkaWriter& writer) : writer_(writer) {}
  void dr_cb(RdKafka::Message& message) override {
    if (message.err() == RdKafka::ERR_NO_ERROR) {
      ++writer_.delivered_;
      return;
    }
    if (writer_.failed_++ == 0) writer_.first_error_ = message.errstr();
  }

 private:
  KafkaWriter& writer_;
};

Result<std::unique_ptr<KafkaWriter>> KafkaWriter::Create(Properties properties,
                                                         StatsHandler stats) {
  properties.try_emplace("enable.idempotence", "true");
  properties.try_emplace("linger.ms", "5");
  properties.try_emplace("compression.type", "lz4");
  std::unique_ptr<KafkaWriter> writer(new KafkaWriter());
  auto conf = BuildConfWithStats(std::move(properties), stats, writer->events_);
  if (!conf.ok()) return conf.status();
  writer->reports_ = std::make_unique<DeliveryReports>(*writer);
  std::string error;
  if ((*conf)->set("dr_cb", writer->reports_.get(), error) != RdKafka::Conf::CONF_OK) {
    return Internal(error);
  }
  writer->producer_.reset(RdKafka::Producer::create(conf->get(), error));
  if (!writer->producer_) return FailedPrecondition(StrCat("kafka producer: ", error));
  return writer;
}

KafkaWriter::~KafkaWriter() {
  if (producer_) producer_->flush(5000);
}

Result<> KafkaWriter::Send(const std::string& topic, std::string_view key, std::string_view payload,
                           const Headers& headers) {
  while (true) {
    RdKafka::Headers* native = nullptr;
    if (!headers.empty()) {
      native = RdKafka::Headers::create();
      for (const auto& [name, value] : headers) native->add(name, value);
    }
    auto code =
        producer_->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                           const_cast<char*>(payload.data()), payload.size(),
                           key.empty() ? nullptr : key.data(), key.size(), 0, native, nullptr);
    if (code == RdKafka::ERR_NO_ERROR) return absl::OkStatus();  // librdkafka owns `native`
    delete native;
    if (code != RdKafka::ERR__QUEUE_FULL) {
      return FailedPrecondition(StrCat("kafka produce to ", topic, ": ", RdKafka::err2str(code)));
    }
    producer_->poll(100);  // serve delivery reports to make room
  }
}

Result<> KafkaWriter::Flush(std::chrono::milliseconds timeout) {
  auto code = producer_->flush(static_cast<int>(timeout.count()));
  producer_->poll(0);
  if (failed_ > 0) {
    auto error =
        Unavailable(StrCat("kafka: ", failed_, " message(s) not delivered: ", first_error_));
    failed_ = 0;
    return error;
  }
  if (code != RdKafka::ERR_NO_ERROR) {
    return Unavailable(StrCat("kafka flush: ", RdKafka::err2str(code)));
  }
  return absl::OkStatus();
}

}  // namespace claimwatch::kafka
