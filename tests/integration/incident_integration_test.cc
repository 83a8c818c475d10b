// Incident resolution end to end against a real Kafka broker: one 50,000-claim stream with
// reposts, competing claims and revisions, resolved by one worker, by three workers of which one
// is SIGKILLed and restarted midway, and by `import` — the same incidents every time, and the
// ones the stream was made of.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/incident_stream.h"
#include "tests/support/kafka_admin.h"
#include "tests/support/process.h"

namespace claimwatch::testing {
namespace {

namespace fs = std::filesystem;
constexpr size_t kClaims = 50000;
constexpr int kPartitions = 6;

// What the test compares of an incident: its claimants (group → claim ids and sources) and flag.
struct Resolved {
  std::string claimants;
  bool contested = false;
  std::set<std::string> claims;
  bool operator==(const Resolved&) const = default;
};
using Incidents = std::map<std::string, Resolved>;  // by incident id

Resolved FromJson(const nlohmann::json& incident) {
  Resolved resolved{incident["claimants"].dump(), incident["contested"].get<bool>(), {}};
  for (const auto& claim : incident["claims"]) {
    resolved.claims.insert(claim["source"].get<std::string>() + "/" +
                           claim["claim_id"].get<std::string>());
  }
  return resolved;
}

// The final state of a compacted incidents topic: the highest version of each id, unless that
// is a tombstone.
Incidents FromTopic(const std::vector<ConsumedMessage>& messages) {
  std::map<std::string, std::pair<int64_t, const ConsumedMessage*>> latest;
  for (const auto& message : messages) {
    const int64_t version = std::stoll(message.headers.at("claimwatch.incident.version"));
    auto& [seen, last] = latest[message.key];
    if (last == nullptr || version > seen) seen = version, last = &message;
  }
  Incidents incidents;
  for (const auto& [id, entry] : latest) {
    if (entry.second->tombstone) continue;
    auto json = nlohmann::json::parse(entry.second->payload);
    EXPECT_EQ(json["incident_id"], id);
    EXPECT_EQ(json["version"], entry.first);
    incidents[id] = FromJson(json);
  }
  return incidents;
}

class IncidentIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = fs::temp_directory_path() / UniqueName("claimwatch-incidents");
    fs::create_directories(work_);
    stream_ = new IncidentStream(GenerateIncidentStream(
        kClaims, 20220130, std::string(CLAIMWATCH_REFERENCE_DIR) + "/gazetteer.ndjson"));
    input_ = (work_ / "claims.ndjson").string();
    std::ofstream out(input_);
    for (const auto& line : stream_->lines) out << line << '\n';
    out.close();
    topic_ = UniqueName("claims-incidents");
    CreateTopic(TestBrokers(), topic_, kPartitions);
    std::string printed;
    ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "produce", "--brokers", TestBrokers(), "--topic",
                         topic_, "--input", input_},
                        &printed),
              0)
        << printed;
  }
  static void TearDownTestSuite() {
    delete stream_;
    fs::remove_all(work_);
  }

  // Worker `name` of scenario `run`: the run's own group and topics, its own store.
  static std::vector<std::string> Worker(const std::string& run, const std::string& name,
                                         int metrics_port, bool until_caught_up) {
    const std::string config = (work_ / (run + ".toml")).string();
    std::ofstream(config) << "[kafka.consumer]\n\"session.timeout.ms\" = 6000\n"
                          << "\"heartbeat.interval.ms\" = 1000\n";
    std::vector<std::string> argv = {CLAIMWATCH_BINARY,
                                     "ingest",
                                     "--config",
                                     config,
                                     "--brokers",
                                     TestBrokers(),
                                     "--topic",
                                     topic_,
                                     "--group",
                                     topic_ + "-" + run,
                                     "--dlq-topic",
                                     topic_ + "." + run + ".dlq",
                                     "--normalized-topic",
                                     topic_ + "." + run + ".normalized",
                                     "--incidents-topic",
                                     topic_ + "." + run + ".incidents",
                                     "--db",
                                     (work_ / run / name).string(),
                                     "--metrics-port",
                                     std::to_string(metrics_port)};
    if (until_caught_up) argv.push_back("--until-caught-up");
    return argv;
  }
  static void CreateRunTopics(const std::string& run) {
    CreateTopic(TestBrokers(), topic_ + "." + run + ".normalized", kPartitions);
    CreateTopic(TestBrokers(), topic_ + "." + run + ".incidents", kPartitions);
  }
  static Incidents Published(const std::string& run) {
    return FromTopic(ReadTopic(TestBrokers(), topic_ + "." + run + ".incidents"));
  }
  // Both stages of `run` have committed everything there is, twice in a row.
  static bool Settled(const std::string& run) {
    int settled = 0;
    for (int round = 0; round < 600 && settled < 2; ++round) {
      const bool now = GroupCaughtUp(TestBrokers(), topic_ + "-" + run, topic_) &&
                       GroupCaughtUp(TestBrokers(), topic_ + "-" + run + ".resolve",
                                     topic_ + "." + run + ".normalized");
      settled = now ? settled + 1 : 0;
      std::this_thread::sleep_for(std::chrono::seconds(2));
    }
    return settled == 2;
  }

  // The store `import` fills from the stream (made once).
  static std::string ImportedDb() {
    const std::string db = (work_ / "import").string();
    if (!fs::exists(db)) {
      EXPECT_EQ(RunToExit({CLAIMWATCH_BINARY, "import", "--input", input_, "--db", db}), 0);
    }
    return db;
  }
  // Series the trends of `db` answer: all groups by month, each group and province by year.
  static std::string TrendAnswers(const std::string& db) {
    std::string answers;
    std::vector<std::vector<std::string>> queries = {
        {"--interval", "month", "--from", "2015-01", "--to", "2026-12"}};
    for (const auto& group : {"ttp", "ispp", "iskp", "bla"}) {
      queries.push_back({"--group", group, "--interval", "year", "--from", "2015", "--to", "2026"});
    }
    for (const auto& province : {"PK-BA", "PK-PB", "PK-SD", "PK-KP", "PK-IS"}) {
      queries.push_back(
          {"--province", province, "--interval", "year", "--from", "2015", "--to", "2026"});
    }
    for (const auto& query : queries) {
      std::vector<std::string> argv = {CLAIMWATCH_BINARY, "query", "series", "--db", db,
                                       "--format",        "json"};
      argv.insert(argv.end(), query.begin(), query.end());
      std::string out;
      EXPECT_EQ(RunToExit(argv, &out), 0);
      answers += out;
    }
    return answers;
  }
  // `claimwatch aggregate` over the incidents topic of `run`, into a store of its own, compared
  // with the trends `import` counted from the same claims in-process.
  static void ExpectTheImportedTrends(const std::string& run) {
    const std::string db = (work_ / (run + "-aggregate")).string();
    ASSERT_EQ(
        RunToExit({CLAIMWATCH_BINARY, "aggregate", "--brokers", TestBrokers(), "--incidents-topic",
                   topic_ + "." + run + ".incidents", "--group", topic_ + "-" + run + "-aggregate",
                   "--db", db, "--http-port", "0", "--until-caught-up"}),
        0);
    const std::string kafka = TrendAnswers(db);
    EXPECT_GT(std::count(kafka.begin(), kafka.end(), '\n'), 200);
    EXPECT_EQ(kafka, TrendAnswers(ImportedDb())) << run;
  }

  static inline fs::path work_;
  static inline IncidentStream* stream_ = nullptr;
  static inline std::string topic_, input_;
};

// The incidents the stream was generated from, compared by their claims and contested flags.
void ExpectTheGeneratedIncidents(const Incidents& incidents, const IncidentStream& stream) {
  std::set<std::pair<std::set<std::string>, bool>> expected, actual;
  for (size_t i = 0; i < stream.incidents.size(); ++i) {
    expected.insert({stream.incidents[i], stream.contested[i]});
  }
  for (const auto& [id, incident] : incidents) actual.insert({incident.claims, incident.contested});
  EXPECT_EQ(actual.size(), expected.size());
  std::vector<std::pair<std::set<std::string>, bool>> missing, extra;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::back_inserter(missing));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::back_inserter(extra));
  for (const auto& [side, list] : {std::pair("missing", &missing), std::pair("extra", &extra)}) {
    for (size_t i = 0; i < std::min<size_t>(list->size(), 5); ++i) {
      ADD_FAILURE() << side << " incident: " << nlohmann::json((*list)[i].first).dump()
                    << (((*list)[i].second) ? " contested" : "");
    }
  }
}

TEST_F(IncidentIntegrationTest, ImportResolvesTheGeneratedIncidents) {
  std::string out;
  fs::remove_all(work_ / "import");
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "import", "--input", input_, "--db",
                       (work_ / "import").string(), "--format", "json"},
                      &out),
            0)
      << out;
  auto summary = nlohmann::json::parse(out);
  EXPECT_EQ(summary["duplicates"]["repost"], stream_->reposts);
  ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "incidents", "--db", (work_ / "import").string(),
                       "--format", "json"},
                      &out),
            0);
  Incidents incidents;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    auto json = nlohmann::json::parse(line);
    incidents[json["incident_id"]] = FromJson(json);
  }
  ExpectTheGeneratedIncidents(incidents, *stream_);
}

// ... and the aggregator counts the same trends from either run's incidents topic as `import`
// counts in-process.
TEST_F(IncidentIntegrationTest, OneWorkerAndThreeWorkersWithASigkillPublishTheSameIncidents) {
  // The one-worker run lets ingest create its topics (the broker's default of 4 partitions);
  // the three-worker run has 6: partitioning must not change the incidents either.
  ASSERT_EQ(RunToExit(Worker("one", "w0", 0, true)), 0);
  ASSERT_TRUE(Settled("one"));
  const Incidents one = Published("one");
  ExpectTheGeneratedIncidents(one, *stream_);
  ExpectTheImportedTrends("one");

  CreateRunTopics("three");
  std::vector<int> ports = {FreePort(), FreePort(), FreePort()};
  std::vector<std::unique_ptr<Process>> workers;
  for (int i = 0; i < 3; ++i) {
    const std::string name = "w" + std::to_string(i);
    workers.push_back(std::make_unique<Process>(Worker("three", name, ports[i], false),
                                                (work_ / (name + ".out")).string(),
                                                (work_ / (name + ".err")).string()));
  }
  // Kill worker 1 once its resolution stage is under way, a random 0–500 ms later.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (ScrapeMetric(ports[1], "claimwatch_claims_resolved_total") <= 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(std::random_device{}() % 500));
  workers[1]->Kill(SIGKILL);
  EXPECT_EQ(workers[1]->Wait(), 128 + SIGKILL);
  // Long enough for its session to expire: its partitions move to the other two, which rebuild
  // their state from the partitions' start; then it comes back and takes some of them again.
  std::this_thread::sleep_for(std::chrono::seconds(8));
  workers[1] = std::make_unique<Process>(Worker("three", "w1", ports[1], false),
                                         (work_ / "w1.restarted.out").string(),
                                         (work_ / "w1.restarted.err").string());
  ASSERT_TRUE(Settled("three"));
  for (auto& worker : workers) {
    worker->Kill(SIGTERM);
    EXPECT_EQ(worker->Wait(), 0);
  }
  const Incidents three = Published("three");
  EXPECT_EQ(three.size(), one.size());
  size_t contested = 0;
  for (const auto& [id, incident] : one) {
    auto it = three.find(id);
    ASSERT_NE(it, three.end()) << id << " missing from the three-worker run";
    EXPECT_EQ(it->second, incident) << id;
    contested += incident.contested;
  }
  EXPECT_EQ(contested, stream_->competing);
  ExpectTheImportedTrends("three");
}

}  // namespace
}  // namespace claimwatch::testing
