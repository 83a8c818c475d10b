// Alert latency through the real broker: from the produce call of an incident that changes an
// alert to that alert's record arriving on the alerts topic, read by a consumer in this process.
// `claimwatch aggregate` runs on a fresh store with its own one-partition incidents topic and
// alerts topic. Before the clock starts, each measured town gets a ttp attack 400+ days ago, and
// the aggregator has read them (a warm-up novelty has come back); each measured incident is then
// ttp's attack today in one of those towns, which opens a town novelty (evidence.incident_id
// names it, version 1). The same incidents also move ttp's surge series and the province's
// novelty, as live data does. Three modes, `incidents` each: paced right after the catch-up
// (one every pace_ms, starting as soon as the warm-up alert is back), paced again after 3 s of
// quiet, and bursts (`burst` incidents in one produce call, 500 ms apart). Two aggregator
// settings: the defaults ([ingest] poll_timeout_ms = 100, batch_max_records = 5000) and
// poll_timeout_ms = 10. Prints count and p50/p90/p99/max in ms, and p50/p99 from the produce
// call to the alert record's CreateTime (when the aggregator produced it; the rest is delivery
// to the consumer). Asserts no timings; exits 1 only when the run itself fails.
// Usage: alert_latency_bench [incidents=200] [pace_ms=20] [burst=20]
// (CLAIMWATCH_TEST_BROKERS picks the broker; ALERT_LATENCY_DUMP=1 prints every latency.)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "librdkafka/rdkafkacpp.h"
#include "nlohmann/json.hpp"
#include "services/kafka/kafka_resolution_sinks.h"
#include "services/kafka/kafka_writer.h"
#include "services/trends/calendar.h"
#include "services/trends/testing/incidents.h"
#include "tests/support/kafka_admin.h"
#include "tests/support/process.h"

namespace claimwatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using resolution::IncidentChange;
using trends::testing::TestIncident;

constexpr auto kArrivalTimeout = 30s;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ttp's attack on `day` in `town` (PK-KP); GTD type 9 keeps it out of attack-type novelty.
IncidentChange Attack(const std::string& id, trends::Day day, const std::string& town) {
  TestIncident incident{.id = id, .event_date = trends::FormatDay(day), .province = "PK-KP"};
  incident.groups = {"ttp"};
  incident.attack_type = 9;
  incident.place = town;
  return trends::testing::Change(incident);
}

// Reads the alerts topic from its start on a thread of its own and notes when each town
// novelty's first version arrives, by the incident it names.
class AlertWatcher {
 public:
  AlertWatcher(const std::string& brokers, const std::string& topic) {
    std::string error;
    std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
    conf->set("bootstrap.servers", brokers, error);
    conf->set("group.id", testing::UniqueName("alert-latency-watcher"), error);
    conf->set("enable.auto.commit", "false", error);
    consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
    if (!consumer_) throw std::runtime_error("consumer: " + error);
    std::unique_ptr<RdKafka::TopicPartition> partition(
        RdKafka::TopicPartition::create(topic, 0, RdKafka::Topic::OFFSET_BEGINNING));
    std::vector<RdKafka::TopicPartition*> assignment = {partition.get()};
    if (consumer_->assign(assignment) != RdKafka::ERR_NO_ERROR) {
      throw std::runtime_error("assign " + topic);
    }
    thread_ = std::thread([this] { Run(); });
  }
  ~AlertWatcher() {
    stop_ = true;
    thread_.join();
    consumer_->close();
  }

  struct Arrival {
    Clock::time_point at{};
    int64_t created_ms = 0;  // the alert record's CreateTime
  };
  std::optional<Arrival> Find(const std::string& incident_id) {
    std::lock_guard lock(mutex_);
    auto it = arrivals_.find(incident_id);
    return it == arrivals_.end() ? std::nullopt : std::optional(it->second);
  }
  // Waits until every one of `ids` has arrived or the timeout passed.
  void Await(const std::vector<std::string>& ids, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (const auto& id : ids) {
      while (!Find(id) && Clock::now() < deadline) std::this_thread::sleep_for(2ms);
    }
  }

 private:
  void Run() {
    while (!stop_) {
      std::unique_ptr<RdKafka::Message> message(consumer_->consume(50));
      if (message->err() != RdKafka::ERR_NO_ERROR || message->payload() == nullptr) continue;
      const auto at = Clock::now();
      auto alert = nlohmann::json::parse(
          std::string_view(static_cast<const char*>(message->payload()), message->len()), nullptr,
          false);
      if (alert.is_discarded() || alert.value("type", "") != "novelty" ||
          alert.value("version", 0) != 1 || !alert["evidence"].is_object() ||
          alert["evidence"].value("dimension", "") != "place") {
        continue;
      }
      std::lock_guard lock(mutex_);
      arrivals_.emplace(alert["evidence"].value("incident_id", ""),
                        Arrival{at, message->timestamp().timestamp});
    }
  }

  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::map<std::string, Arrival> arrivals_;
  std::thread thread_;
};

double Percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::max<size_t>(rank, 1) - 1];
}

// One measured incident: what was produced, and when.
struct Sent {
  std::string id{};
  Clock::time_point at{};
  int64_t at_ms = 0;
};

class Bench {
 public:
  Bench(fs::path work, std::string setting, std::string ingest_toml, size_t incidents, int pace_ms,
        size_t burst)
      : work_(std::move(work)),
        setting_(std::move(setting)),
        ingest_toml_(std::move(ingest_toml)),
        incidents_(incidents),
        pace_ms_(pace_ms),
        burst_(burst) {}

  void Run() {
    const std::string brokers = testing::TestBrokers();
    topic_ = testing::UniqueName("alert-latency");
    const std::string alerts = topic_ + "-alerts";
    testing::CreateTopic(brokers, topic_, 1);
    testing::CreateTopic(brokers, alerts, 1);
    auto writer = kafka::KafkaWriter::Create({{"bootstrap.servers", brokers}, {"linger.ms", "0"}});
    if (!writer.ok()) throw std::runtime_error(std::string(writer.status().message()));
    writer_ = std::move(*writer);

    // Each measured town's previous attack, 400+ days ago, and the warm-up town's.
    std::vector<IncidentChange> preload;
    for (const char* mode : {"catchup", "paced", "burst"}) {
      for (size_t i = 0; i < incidents_; ++i) {
        preload.push_back(Attack(fmt::format("{}-before-{}", mode, i),
                                 today_ - 400 - static_cast<int>(i % 300), Town(mode, i)));
      }
    }
    preload.push_back(Attack("warm-before", today_ - 500, "warm-town"));
    Publish(preload);

    const std::string config = (work_ / (setting_ + ".toml")).string();
    std::ofstream(config) << ingest_toml_ << "[http]\nport = 0\n[alerts]\ntopic = \"" << alerts
                          << "\"\n";
    testing::Process aggregator(
        {CLAIMWATCH_BINARY, "aggregate", "--config", config, "--brokers", brokers, "--db",
         (work_ / setting_).string(), "--incidents-topic", topic_, "--group", topic_},
        "", (work_ / (setting_ + ".err")).string());
    AlertWatcher watcher(brokers, alerts);
    // Warm: the aggregator has joined, read the preload and published an alert.
    const auto warm_sent = Clock::now();
    Publish({Attack("warm-now", today_, "warm-town")});
    watcher.Await({"warm-now"}, 60s);
    if (!watcher.Find("warm-now")) {
      throw std::runtime_error("no warm-up alert within 60 s; see " +
                               (work_ / (setting_ + ".err")).string());
    }

    const auto warm = *watcher.Find("warm-now");
    std::cout << fmt::format(
        "alert_latency_bench: {:<18} aggregator started, preload of {} read, warm-up alert back "
        "after {:.0f} ms\n",
        setting_, preload.size(),
        std::chrono::duration<double, std::milli>(warm.at - warm_sent).count());

    // Paced, first right after the catch-up, then after a quiet spell.
    Report(watcher, fmt::format("after catch-up, 1/{}ms", pace_ms_), Paced("catchup"));
    std::this_thread::sleep_for(3s);
    Report(watcher, fmt::format("paced, 1/{}ms", pace_ms_), Paced("paced"));

    std::vector<Sent> bursts;
    for (size_t first = 0; first < incidents_; first += burst_) {
      const auto slot = Clock::now() + 500ms;
      for (size_t i = first; i < std::min(incidents_, first + burst_); ++i) {
        bursts.push_back(Send("burst", i));
      }
      Flush();
      std::this_thread::sleep_until(slot);
    }
    Report(watcher, fmt::format("bursts of {}, 500 ms apart", burst_), bursts);

    aggregator.Kill(SIGTERM);
    if (int code = aggregator.Wait(); code != 0) {
      throw std::runtime_error(fmt::format("aggregate exited {}", code));
    }
  }

 private:
  static std::string Town(const char* mode, size_t i) { return fmt::format("{}-town-{}", mode, i); }

  // One incident of `mode` every pace_ms, each flushed (acknowledged) before the next.
  std::vector<Sent> Paced(const char* mode) {
    std::vector<Sent> sent;
    for (size_t i = 0; i < incidents_; ++i) {
      const auto slot = Clock::now() + std::chrono::milliseconds(pace_ms_);
      sent.push_back(Send(mode, i));
      Flush();
      std::this_thread::sleep_until(slot);
    }
    return sent;
  }

  void Publish(const std::vector<IncidentChange>& changes) {
    kafka::KafkaIncidentSink sink(*writer_, topic_);
    if (auto sent = sink.Publish(changes); !sent.ok()) {
      throw std::runtime_error(std::string(sent.message()));
    }
  }

  // Queues one measured incident (the clock starts before the produce call).
  Sent Send(const char* mode, size_t i) {
    const auto change = Attack(fmt::format("{}-now-{}", mode, i), today_, Town(mode, i));
    Sent sent{change.id, Clock::now(), NowMs()};
    if (auto queued =
            writer_->Send(topic_, change.id, change.value,
                          {{kafka::kIncidentVersionHeader, std::to_string(change.version)}});
        !queued.ok()) {
      throw std::runtime_error(std::string(queued.message()));
    }
    return sent;
  }

  void Flush() {
    if (auto flushed = writer_->Flush(10s); !flushed.ok()) {
      throw std::runtime_error(std::string(flushed.message()));
    }
  }

  void Report(AlertWatcher& watcher, const std::string& mode, const std::vector<Sent>& sent) {
    std::vector<std::string> ids;
    for (const auto& incident : sent) ids.push_back(incident.id);
    watcher.Await(ids, kArrivalTimeout);
    std::vector<double> total, to_created;
    for (const auto& incident : sent) {
      auto arrival = watcher.Find(incident.id);
      if (!arrival) continue;
      total.push_back(std::chrono::duration<double, std::milli>(arrival->at - incident.at).count());
      to_created.push_back(static_cast<double>(arrival->created_ms - incident.at_ms));
    }
    if (std::getenv("ALERT_LATENCY_DUMP")) {  // each latency, in the order produced
      for (size_t i = 0; i < total.size(); ++i) std::cerr << fmt::format("{:.1f} ", total[i]);
      std::cerr << "\n";
    }
    const size_t missing = sent.size() - total.size();
    if (total.empty()) {
      std::cout << fmt::format("alert_latency_bench: {:<18} {:<28} no alert arrived ({} sent)\n",
                               setting_, mode, sent.size());
      return;
    }
    std::cout << fmt::format(
                     "alert_latency_bench: {:<18} {:<28} count {:>4}  p50 {:>6.1f}  p90 {:>6.1f}  "
                     "p99 {:>6.1f}  max {:>6.1f} ms  (to CreateTime: p50 {:.0f}, p99 {:.0f}){}\n",
                     setting_, mode, total.size(), Percentile(total, 0.5), Percentile(total, 0.9),
                     Percentile(total, 0.99), *std::max_element(total.begin(), total.end()),
                     Percentile(to_created, 0.5), Percentile(to_created, 0.99),
                     missing ? fmt::format("  {} never arrived", missing) : "")
              << std::flush;
  }

  fs::path work_;
  std::string setting_;
  std::string ingest_toml_;
  size_t incidents_;
  int pace_ms_;
  size_t burst_;
  const trends::Day today_ = trends::Today();
  std::string topic_;
  std::unique_ptr<kafka::KafkaWriter> writer_;
};

}  // namespace
}  // namespace claimwatch

int main(int argc, char** argv) {
  const size_t incidents = argc > 1 ? std::stoul(argv[1]) : 200;
  const int pace_ms = argc > 2 ? std::stoi(argv[2]) : 20;
  const size_t burst = argc > 3 ? std::stoul(argv[3]) : 20;
  if (incidents == 0 || pace_ms < 0 || burst == 0) {
    std::cerr << "usage: alert_latency_bench [incidents=200] [pace_ms=20] [burst=20]\n";
    return 2;
  }
  const auto work = std::filesystem::temp_directory_path() /
                    claimwatch::testing::UniqueName("alert-latency-bench");
  std::filesystem::create_directories(work);
  std::cout << fmt::format(
      "alert_latency_bench: produce call → the town novelty's record on the alerts topic; broker "
      "{}, one-partition topics, {} incidents per mode\n",
      claimwatch::testing::TestBrokers(), incidents);
  int code = 0;
  try {
    claimwatch::Bench(work, "defaults", "", incidents, pace_ms, burst).Run();
    claimwatch::Bench(work, "poll_timeout_ms=10", "[ingest]\npoll_timeout_ms = 10\n", incidents,
                      pace_ms, burst)
        .Run();
  } catch (const std::exception& error) {
    std::cerr << "alert_latency_bench: " << error.what() << '\n';
    code = 1;
  }
  if (code == 0) std::filesystem::remove_all(work);
  return code;
}
