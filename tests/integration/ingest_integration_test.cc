// The ingest worker against a real Kafka broker (deploy/local/kafka start): a 100,000-claim
// stream with malformed lines and re-deliveries, run once uninterrupted and once with SIGKILLs.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/claim_stream.h"
#include "tests/support/kafka_admin.h"
#include "tests/support/process.h"

namespace claimwatch::testing {
namespace {

namespace fs = std::filesystem;
constexpr size_t kClaims = 100000;
constexpr int kPartitions = 4;

class IngestIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    work_ = fs::temp_directory_path() / UniqueName("claimwatch-it");
    fs::create_directories(work_);
    stream_ = new ClaimStream(GenerateClaimStream(kClaims, 0.01, 0.05, 20221014));
    WriteLines((work_ / "claims.ndjson").string(), stream_->lines);
    topic_ = UniqueName("claims-it");
    CreateTopic(TestBrokers(), topic_, kPartitions);
    std::string out;
    ASSERT_EQ(RunToExit({CLAIMWATCH_BINARY, "produce", "--brokers", TestBrokers(), "--topic",
                         topic_, "--input", (work_ / "claims.ndjson").string()},
                        &out),
              0)
        << out;
  }
  static void TearDownTestSuite() {
    delete stream_;
    fs::remove_all(work_);
  }

  // A worker with static membership, so a restarted worker takes its partitions back at once
  // instead of waiting for the dead one's session to expire.
  static std::vector<std::string> Worker(const std::string& name, bool until_caught_up,
                                         int metrics_port = 0) {
    const std::string config = (work_ / (name + ".toml")).string();
    std::ofstream(config) << "[kafka.consumer]\n\"group.instance.id\" = \"" << name
                          << "\"\n\"session.timeout.ms\" = 10000\n";
    std::vector<std::string> argv = {
        CLAIMWATCH_BINARY,
        "ingest",
        "--config",
        config,
        "--brokers",
        TestBrokers(),
        "--topic",
        topic_,
        "--dlq-topic",
        topic_ + "." + name + ".dlq",
        "--group",
        topic_ + "-" + name,  // one group per scenario, the same across restarts
        "--db",
        (work_ / name).string(),
        "--metrics-port",
        std::to_string(metrics_port)};
    if (until_caught_up) argv.push_back("--until-caught-up");
    return argv;
  }

  static std::string QueryClaims(const std::string& name) {
    std::string out;
    EXPECT_EQ(RunToExit({CLAIMWATCH_BINARY, "query", "claims", "--db", (work_ / name).string(),
                         "--format", "json"},
                        &out),
              0);
    return out;
  }

  static std::set<std::tuple<std::string, std::string, int64_t>> Identities(
      const std::string& listing) {
    std::set<std::tuple<std::string, std::string, int64_t>> identities;
    std::istringstream lines(listing);
    for (std::string line; std::getline(lines, line);) {
      auto claim = nlohmann::json::parse(line);
      identities.insert({claim["source"].get<std::string>(), claim["claim_id"].get<std::string>(),
                         claim["revision"].get<int64_t>()});
    }
    return identities;
  }

  static inline fs::path work_;
  static inline ClaimStream* stream_ = nullptr;
  static inline std::string topic_;
};

TEST_F(IngestIntegrationTest, StoresExactlyTheValidUniqueClaimsAndDeadLettersTheRest) {
  ASSERT_EQ(RunToExit(Worker("steady", true)), 0);
  const std::string listing = QueryClaims("steady");
  EXPECT_EQ(Identities(listing), stream_->unique_claims);
  EXPECT_EQ(static_cast<size_t>(std::count(listing.begin(), listing.end(), '\n')),
            stream_->unique_claims.size());

  auto letters = ReadTopic(TestBrokers(), topic_ + ".steady.dlq");
  EXPECT_EQ(letters.size(), stream_->malformed.size());
  std::set<std::string> payloads;
  for (const auto& letter : letters) {
    payloads.insert(letter.payload);
    EXPECT_FALSE(letter.headers.at("claimwatch.error.reason").empty());
    EXPECT_NE(letter.headers.at("claimwatch.error.message").find(": "), std::string::npos);
    EXPECT_EQ(letter.headers.at("claimwatch.source.topic"), topic_);
    EXPECT_LT(std::stoi(letter.headers.at("claimwatch.source.partition")), kPartitions);
    EXPECT_GE(std::stoll(letter.headers.at("claimwatch.source.offset")), 0);
  }
  EXPECT_EQ(payloads, stream_->malformed);
}

TEST_F(IngestIntegrationTest, SigkillAtThreeRandomMomentsLeavesTheSameStore) {
  // Each kill lands a random 0–500 ms after the worker has started consuming, so it hits a
  // worker mid-batch, not one still joining the group.
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(0, 500);
  const int metrics_port = FreePort();
  for (int kill = 0; kill < 3; ++kill) {
    Process worker(Worker("crashy", false, metrics_port), "", (work_ / "crashy.log").string());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (ScrapeMetric(metrics_port, "claimwatch_messages_consumed_total") <= 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const int delay = delay_ms(random);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    const double consumed = ScrapeMetric(metrics_port, "claimwatch_messages_consumed_total");
    worker.Kill(SIGKILL);
    EXPECT_EQ(worker.Wait(), 128 + SIGKILL) << "kill " << kill << " after " << delay
                                            << " ms: " << ReadFile((work_ / "crashy.log").string());
    EXPECT_GT(consumed, 0) << "kill " << kill << " came before the worker consumed anything";
    RecordProperty("kill_" + std::to_string(kill), std::to_string(delay) + " ms after start, " +
                                                       std::to_string(consumed) + " consumed");
  }
  ASSERT_EQ(RunToExit(Worker("crashy", true)), 0) << ReadFile((work_ / "crashy.log").string());
  ASSERT_EQ(RunToExit(Worker("steady", true)), 0);  // already caught up: a no-op if run first
  EXPECT_EQ(QueryClaims("crashy"), QueryClaims("steady"));

  // Dead letters may repeat after a crash, but none is lost.
  std::set<std::string> payloads;
  for (const auto& letter : ReadTopic(TestBrokers(), topic_ + ".crashy.dlq")) {
    payloads.insert(letter.payload);
  }
  EXPECT_EQ(payloads, stream_->malformed);
}

TEST_F(IngestIntegrationTest, SigtermFinishesTheBatchInHandAndExitsCleanly) {
  const int metrics_port = FreePort();
  Process worker(Worker("drained", false, metrics_port), "", (work_ / "drained.log").string());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (ScrapeMetric(metrics_port, "claimwatch_messages_consumed_total") <= 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  worker.Kill(SIGTERM);
  EXPECT_EQ(worker.Wait(), 0) << ReadFile((work_ / "drained.log").string());
  ASSERT_EQ(RunToExit(Worker("drained", true)), 0);
  ASSERT_EQ(RunToExit(Worker("steady", true)), 0);
  EXPECT_EQ(QueryClaims("drained"), QueryClaims("steady"));
}

}  // namespace
}  // namespace claimwatch::testing
