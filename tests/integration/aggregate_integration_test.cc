// The aggregator against the real broker: incident histories (new versions that move date,
// province and claimants; tombstones; repeats) produced out of order to an `incidents` topic →
// `claimwatch aggregate` → the HTTP API answers equal a recomputation from the latest version of
// every incident, with part of the stream produced while the aggregator runs, and again after
// the aggregator is killed mid-stream and restarted on its store.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "fmt/format.h"
#include "fmt/ranges.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "services/kafka/kafka_resolution_sinks.h"
#include "services/kafka/kafka_writer.h"
#include "services/trends/calendar.h"
#include "services/trends/testing/incidents.h"
#include "tests/support/kafka_admin.h"
#include "tests/support/process.h"

namespace claimwatch {
namespace {

using namespace std::chrono_literals;
using resolution::IncidentChange;
using testing::Process;
using trends::testing::TestIncident;

constexpr int kPartitions = 4;
constexpr int kIncidents = 4000;
const std::vector<std::string> kGroups = {"ispp", "ttp", "iskp", "bla"};
const std::vector<std::string> kProvinces = {"PK-BA", "PK-PB", "PK-SD", "PK-KP"};

// Histories of kIncidents incidents: 1–4 versions each, some ending in a tombstone, each later
// version moving the date (2019–2023), province, claimants or attack type.
struct Histories {
  std::vector<IncidentChange> messages;        // in the order produced
  std::map<std::string, TestIncident> latest;  // the final version of each live incident
};

Histories MakeHistories(std::mt19937& random) {
  Histories histories;
  for (int i = 0; i < kIncidents; ++i) {
    const std::string id = "inc-" + std::to_string(i);
    const int versions = 1 + static_cast<int>(random() % 4);
    for (int version = 1; version <= versions; ++version) {
      if (version > 1 && random() % 6 == 0) {
        histories.messages.push_back({id, version, ""});
        histories.latest.erase(id);
        continue;
      }
      TestIncident incident{.id = id, .version = version};
      incident.event_date =
          trends::FormatDay(trends::ToDay(2019, 1, 1) + static_cast<int>(random() % 1826));
      if (random() % 20 == 0) {
        incident.event_date.resize(7);
        incident.precision = "month";
      }
      incident.province = kProvinces[random() % kProvinces.size()];
      incident.groups = {kGroups[random() % kGroups.size()]};
      if (random() % 5 == 0) incident.groups.push_back(kGroups[random() % kGroups.size()]);
      std::sort(incident.groups.begin(), incident.groups.end());
      incident.groups.erase(std::unique(incident.groups.begin(), incident.groups.end()),
                            incident.groups.end());
      incident.attack_type = 1 + static_cast<int>(random() % 9);
      histories.messages.push_back(trends::testing::Change(incident));
      histories.latest[id] = incident;
    }
  }
  // Out of order: later versions before earlier ones, and 10% of the messages repeated.
  const size_t count = histories.messages.size();
  for (size_t i = 0; i < count / 10; ++i) {
    histories.messages.push_back(histories.messages[random() % count]);
  }
  std::shuffle(histories.messages.begin(), histories.messages.end(), random);
  return histories;
}

// What the API must answer, recomputed from the latest versions.
struct Expected {
  // (group, province) → month → count, for day- and month-precision incidents.
  std::map<std::pair<std::string, std::string>, std::map<std::string, int64_t>> months;
  std::set<std::string> ids;
};

Expected Recompute(const std::map<std::string, TestIncident>& latest) {
  Expected expected;
  for (const auto& [id, incident] : latest) {
    expected.ids.insert(id);
    std::vector<std::string> groups = incident.groups;
    groups.push_back("all");
    for (const auto& group : groups) {
      for (const auto& province : {incident.province, std::string("all")}) {
        ++expected.months[{group, province}][incident.event_date.substr(0, 7)];
      }
    }
  }
  return expected;
}

class AggregateIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    topic_ = testing::UniqueName("aggregate-it");
    testing::CreateTopic(testing::TestBrokers(), topic_, kPartitions);
    dir_ = std::filesystem::temp_directory_path() / topic_;
    std::filesystem::create_directories(dir_);
  }
  // A failed run keeps its stores and logs for a look.
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  void Produce(std::span<const IncidentChange> messages) {
    auto writer = kafka::KafkaWriter::Create({{"bootstrap.servers", testing::TestBrokers()}});
    ASSERT_TRUE(writer.ok()) << writer.status();
    kafka::KafkaIncidentSink sink(**writer, topic_);
    ASSERT_TRUE(sink.Publish(messages).ok());
  }

  // Starts `claimwatch aggregate` on store `run`, serving the API on `port`.
  std::unique_ptr<Process> StartAggregator(const std::string& run, int port) {
    const std::string config = (dir_ / (run + ".toml")).string();
    std::ofstream(config) << "[ingest]\nbatch_max_records = 200\n[aggregate]\n"
                             "gauge_refresh_seconds = 1\n[http]\nport = "
                          << port << "\n";
    return std::make_unique<Process>(
        std::vector<std::string>{CLAIMWATCH_BINARY, "aggregate", "--config", config, "--brokers",
                                 testing::TestBrokers(), "--db", (dir_ / run).string(),
                                 "--incidents-topic", topic_, "--group", topic_ + "-" + run},
        (dir_ / (run + ".out")).string(), (dir_ / (run + ".err")).string());
  }

  // Waits until the API answers and has counted every one of `records` (all produced so far).
  void AwaitCounted(int port, size_t records) {
    httplib::Client client("127.0.0.1", port);
    for (int attempt = 0; attempt < 1200; ++attempt) {
      auto ready = client.Get("/readyz");
      if (ready && ready->status == 200 && Consumed(port) >= records) return;
      std::this_thread::sleep_for(100ms);
    }
    FAIL() << "aggregator did not count " << records << " records";
  }

  // Records this process applied, by claimwatch_aggregate_incidents_total.
  static size_t Consumed(int port) {
    return static_cast<size_t>(testing::SumMetric(port, "claimwatch_aggregate_incidents_total"));
  }

  // Every API answer this test checks, compared with `expected`; returns them for comparing runs.
  std::string CheckAnswers(int port, const Expected& expected) {
    httplib::Client client("127.0.0.1", port);
    std::string answers;
    for (const auto& group : {"all", "ispp", "ttp", "iskp", "bla"}) {
      for (const auto& province : {"all", "PK-BA", "PK-PB", "PK-SD", "PK-KP"}) {
        auto response = client.Get(fmt::format(
            "/api/v1/series?group={}&province={}&interval=month&from=2019-01&to=2023-12", group,
            province));
        EXPECT_TRUE(response && response->status == 200);
        if (!response) continue;
        answers += response->body;
        const auto body = nlohmann::json::parse(response->body);
        auto it = expected.months.find({group, province});
        for (const auto& point : body["points"]) {
          const std::string period = point["period"];
          int64_t want = 0;
          if (it != expected.months.end() && it->second.contains(period)) {
            want = it->second.at(period);
          }
          EXPECT_EQ(point["count"].get<int64_t>(), want)
              << group << " " << province << " " << period;
        }
      }
    }
    std::set<std::string> ids;
    std::string cursor;
    do {
      auto response =
          client.Get("/api/v1/incidents?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_TRUE(response && response->status == 200);
      if (!response) break;
      answers += response->body;
      const auto body = nlohmann::json::parse(response->body);
      for (const auto& incident : body["incidents"]) ids.insert(incident["incident_id"]);
      cursor = body["next_cursor"].is_null() ? "" : body["next_cursor"].get<std::string>();
    } while (!cursor.empty());
    std::vector<std::string> extra, missing;
    std::set_difference(ids.begin(), ids.end(), expected.ids.begin(), expected.ids.end(),
                        std::back_inserter(extra));
    std::set_difference(expected.ids.begin(), expected.ids.end(), ids.begin(), ids.end(),
                        std::back_inserter(missing));
    EXPECT_TRUE(extra.empty() && missing.empty())
        << "listed but deleted: " << fmt::format("{}", fmt::join(extra, ", "))
        << "; missing: " << fmt::format("{}", fmt::join(missing, ", "));
    auto trends = client.Get("/api/v1/trends?group=ispp&as_of=2022-10-31");
    EXPECT_TRUE(trends && trends->status == 200);
    if (trends) answers += trends->body;
    return answers;
  }

  std::string topic_;
  std::filesystem::path dir_;
};

TEST_F(AggregateIntegrationTest, ApiEqualsRecomputationAcrossLiveProductionAndARestart) {
  std::mt19937 random(2022);
  const Histories histories = MakeHistories(random);
  const Expected expected = Recompute(histories.latest);
  const auto& messages = histories.messages;
  const size_t half = messages.size() / 2;

  // Half produced before the aggregator starts, half while it runs.
  Produce({messages.begin(), messages.begin() + half});
  const int port_a = testing::FreePort();
  auto uninterrupted = StartAggregator("a", port_a);
  AwaitCounted(port_a, half);
  Produce({messages.begin() + half, messages.end()});
  AwaitCounted(port_a, messages.size());
  const std::string answers_a = CheckAnswers(port_a, expected);
  uninterrupted->Kill(SIGTERM);
  EXPECT_EQ(uninterrupted->Wait(), 0);

  // Killed mid-stream, restarted on its store: resumes from the offsets committed with counts.
  const int port_b = testing::FreePort();
  auto killed = StartAggregator("b", port_b);
  {
    size_t consumed = 0;
    for (int attempt = 0; attempt < 6000 && consumed < messages.size() / 3; ++attempt) {
      consumed = Consumed(port_b);
      std::this_thread::sleep_for(5ms);
    }
    killed->Kill(SIGKILL);
    killed->Wait();
    ASSERT_GE(consumed, messages.size() / 3);
    ASSERT_LT(consumed, messages.size()) << "the kill came after the end of the stream";
  }
  auto restarted = StartAggregator("b", port_b);
  httplib::Client client("127.0.0.1", port_b);
  for (int attempt = 0; attempt < 1200; ++attempt) {
    auto ready = client.Get("/readyz");
    if (ready && ready->status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(CheckAnswers(port_b, expected), answers_a);
  restarted->Kill(SIGTERM);
  EXPECT_EQ(restarted->Wait(), 0);

  // The store answers the same offline.
  std::string offline;
  ASSERT_EQ(testing::RunToExit({CLAIMWATCH_BINARY, "query", "series", "--db", (dir_ / "b").string(),
                                "--group", "ispp", "--interval", "year", "--from", "2019", "--to",
                                "2023", "--format", "json"},
                               &offline),
            0);
  int64_t total = 0;
  std::istringstream lines(offline);
  for (std::string line; std::getline(lines, line);)
    total += nlohmann::json::parse(line)["count"].get<int64_t>();
  int64_t want = 0;
  for (const auto& [month, count] : expected.months.at({"ispp", "all"})) want += count;
  EXPECT_EQ(total, want);
}

}  // namespace
}  // namespace claimwatch
