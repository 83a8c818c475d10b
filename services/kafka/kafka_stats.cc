#include "services/kafka/kafka_stats.h"

#include <iostream>

#include "simdjson.h"

namespace claimwatch::kafka {
namespace {

absl::Status Missing(std::string_view field) {
  return InvalidInput(StrCat("kafka statistics: ", field, ": missing or mistyped"));
}

}  // namespace

void ClientEvents::event_cb(RdKafka::Event& event) {
  if (event.type() == RdKafka::Event::EVENT_STATS) {
    if (auto stats = ParseClientStats(event.str()); stats.ok()) handler_(*stats);
    return;
  }
  if (event.type() == RdKafka::Event::EVENT_LOG || event.type() == RdKafka::Event::EVENT_ERROR) {
    std::cerr << "%" << static_cast<int>(event.severity()) << "|" << event.fac() << "| "
              << (event.type() == RdKafka::Event::EVENT_ERROR ? RdKafka::err2str(event.err())
                                                              : std::string())
              << event.str() << '\n';
  }
}

Result<std::unique_ptr<RdKafka::Conf>> BuildConfWithStats(Properties properties,
                                                          const StatsHandler& handler,
                                                          std::unique_ptr<ClientEvents>& events) {
  if (handler) properties.try_emplace("statistics.interval.ms", "15000");
  auto conf = BuildConf(properties);
  if (!conf.ok() || !handler) return conf;
  events = std::make_unique<ClientEvents>(handler);
  std::string error;
  if ((*conf)->set("event_cb", static_cast<RdKafka::EventCb*>(events.get()), error) !=
      RdKafka::Conf::CONF_OK) {
    return Internal(error);
  }
  return conf;
}

Result<ClientStats> ParseClientStats(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root)) return Missing("document");
  ClientStats stats;
  std::string_view text;
  if (root["name"].get(text)) return Missing("name");
  stats.client = std::string(text);
  if (root["type"].get(text)) return Missing("type");
  stats.type = std::string(text);
  if (root["msg_cnt"].get(stats.queued_messages)) return Missing("msg_cnt");
  if (root["replyq"].get(stats.queued_replies)) return Missing("replyq");
  simdjson::dom::object brokers;
  if (root["brokers"].get(brokers)) return Missing("brokers");
  for (auto [key, broker] : brokers) {
    BrokerStats entry{.name = std::string(key)};
    std::string_view state;
    if (broker["state"].get(state)) return Missing("brokers.state");
    entry.up = state == "UP";
    int64_t rtt_micros = 0;
    if (broker["rtt"]["avg"].get(rtt_micros)) return Missing("brokers.rtt.avg");
    entry.rtt_seconds = static_cast<double>(rtt_micros) / 1e6;
    // librdkafka lists its bootstrap and controller placeholders too; keep real brokers only.
    if (int64_t node_id = 0; !broker["nodeid"].get(node_id) && node_id >= 0) {
      stats.brokers.push_back(std::move(entry));
    }
  }
  return stats;
}

}  // namespace claimwatch::kafka
