// The alerting path end to end, against the real broker, RocksDB on disk and a real Alertmanager
// (Debian's prometheus-alertmanager, started by the test on a free loopback port): incident.v1
// histories produced to a one-partition `incidents` topic → `claimwatch aggregate` → the alerts
// topic (compacted, key = alert_id), the store's alert book and the Alertmanager webhook.
//   1. History: filler incidents (other groups, 2019–2021, out-of-order versions, tombstones)
//      and designed ones whose surge, co-claim and novelty alerts are known, all resolved by now.
//   2. Live: attacks dated relative to today open a novelty and surges: active in Alertmanager.
//   3. Late data: a tombstone and a correction withdraw two alerts (a new version each).
//   4. A second aggregator on its own store and alerts topic, SIGKILLed mid-stream and restarted,
//      ends with the same live alerts, and its topic lost no change.
// The aggregator gathers the series of batches that follow each other quickly and evaluates
// them together, so which alerts open on part of the data and are withdrawn later, and how many
// versions an alert goes through, depend on timing: runs are compared on what the policy gives
// on the complete data, and each run's topic against its own book. A missing broker or
// Alertmanager binary fails the test; CLAIMWATCH_ALERTMANAGER points at another binary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "fmt/format.h"
#include "fmt/ranges.h"
#include "httplib.h"
#include "nlohmann/json.hpp"
#include "services/kafka/kafka_resolution_sinks.h"
#include "services/kafka/kafka_writer.h"
#include "services/trends/calendar.h"
#include "services/trends/testing/incidents.h"
#include "tests/support/alertmanager.h"
#include "tests/support/kafka_admin.h"
#include "tests/support/process.h"
#include "tests/support/schema_fields.h"

namespace claimwatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using resolution::IncidentChange;
using testing::Process;
using trends::Day;
using trends::testing::TestIncident;

constexpr auto kDeadline = 60s;
constexpr int kFillers = 700;
// Fillers use groups the designed scenario does not, so they cannot touch its alerts.
const std::vector<std::string> kFillerGroups = {"blf", "lej", "tjp", "haqqani"};
const std::vector<std::string> kProvinces = {"PK-BA", "PK-PB", "PK-SD", "PK-KP"};
const std::set<std::string> kDesignedGroups = {"iskp", "ttp", "bla", "ispp"};

// Polls `done` until it holds or the deadline passes; returns whether it held.
template <typename Predicate>
bool Eventually(Predicate done) {
  return testing::Eventually(done, kDeadline);
}

std::string DayText(Day day) { return trends::FormatDay(day); }

TestIncident Incident(std::string id, const std::string& date, const std::string& province,
                      std::vector<std::string> groups, int attack_type = 3,
                      const std::string& place = "", const std::string& subtype = "") {
  TestIncident incident{.id = std::move(id), .event_date = date, .province = province};
  incident.groups = std::move(groups);
  incident.attack_type = attack_type;
  incident.place = place;
  incident.attack_subtype = subtype;
  return incident;
}

// 1. What the store has seen by the time the aggregator starts, in the order produced.
std::vector<IncidentChange> History(Day today) {
  std::vector<IncidentChange> designed;
  auto add = [&](const TestIncident& incident) {
    designed.push_back(trends::testing::Change(incident));
  };
  // iskp in PK-KP: one attack a month through 2022, then 8 in the first week of October 2023
  // (ISO week 2023-W40): monthly surges (iskp overall and in PK-KP) open on 2023-10-31, weekly
  // ones on 2023-10-08.
  for (int month = 1; month <= 12; ++month) {
    add(Incident(fmt::format("iskp-{:02}", month), fmt::format("2022-{:02}-15", month), "PK-KP",
                 {"iskp"}));
  }
  for (int i = 0; i < 8; ++i) {
    add(Incident(fmt::format("iskp-surge-{}", i), fmt::format("2023-10-0{}", 2 + i / 2), "PK-KP",
                 {"iskp"}));
  }
  // Five incidents claimed by both iskp and ttp, a month apart in 2023: the pair reaches the
  // co-claim level (5 in 365 days) on 2023-06-10, and falls below it when the first leaves
  // the window on 2024-02-10.
  for (int month = 2; month <= 6; ++month) {
    add(Incident(fmt::format("shared-{}", month), fmt::format("2023-{:02}-10", month), "PK-BA",
                 {"iskp", "ttp"}));
  }
  // ttp back in Bannu after 448 days: a town novelty (the province's is the same fact and left
  // to it). GTD type 9 (unknown) keeps these out of attack-type novelty.
  add(Incident("ttp-bannu-1", "2021-03-10", "PK-KP", {"ttp"}, 9, "Bannu"));
  add(Incident("ttp-bannu-2", "2022-06-01", "PK-KP", {"ttp"}, 9, "Bannu"));
  // ttp's first IED attack in 857 days, in Punjab, town unknown: attack-subtype and province
  // novelties.
  add(Incident("ttp-ied-1", "2020-05-05", "PK-PB", {"ttp"}, 9, "", "ied"));
  add(Incident("ttp-ied-2", "2022-09-09", "PK-PB", {"ttp"}, 9, "", "ied"));
  // The quiet pasts of step 2: bla in Turbat two years ago, ispp in Sindh over the last year.
  add(Incident("bla-turbat-1", DayText(today - 730), "PK-BA", {"bla"}, 9, "Turbat"));
  for (int i = 0; i < 6; ++i) {
    add(Incident(fmt::format("ispp-base-{}", i), DayText(today - 400 + 50 * i), "PK-SD", {"ispp"}));
  }

  // Fillers: 1–2 versions each, some ending in a tombstone, shuffled so that later versions
  // often come first and alerts open and are withdrawn as the data fills in.
  std::mt19937 random(2023);
  std::vector<IncidentChange> messages;
  for (int i = 0; i < kFillers; ++i) {
    const std::string id = "fill-" + std::to_string(i);
    const int versions = 1 + static_cast<int>(random() % 2);
    for (int version = 1; version <= versions; ++version) {
      if (version > 1 && random() % 6 == 0) {
        messages.push_back(trends::testing::Tombstone(id, version));
        continue;
      }
      const std::string province = kProvinces[random() % kProvinces.size()];
      TestIncident incident{.id = id, .version = version, .province = province};
      incident.event_date = DayText(trends::ToDay(2019, 1, 1) + static_cast<int>(random() % 1095));
      if (random() % 20 == 0) {
        incident.event_date.resize(7);
        incident.precision = "month";
      }
      incident.groups = {kFillerGroups[random() % kFillerGroups.size()]};
      if (random() % 6 == 0) incident.groups.push_back(kFillerGroups[random() % 4]);
      std::sort(incident.groups.begin(), incident.groups.end());
      incident.groups.erase(std::unique(incident.groups.begin(), incident.groups.end()),
                            incident.groups.end());
      incident.attack_type = 1 + static_cast<int>(random() % 8);
      if (random() % 3 != 0) incident.place = fmt::format("{}-town-{}", province, random() % 6);
      messages.push_back(trends::testing::Change(incident));
    }
  }
  std::shuffle(messages.begin(), messages.end(), random);
  // The designed incidents in event-date order, spread among them: their alerts then never
  // open on part of the story (a later attack seen before the ones that make it unremarkable).
  std::stable_sort(designed.begin(), designed.end(), [](const auto& a, const auto& b) {
    return json::parse(a.value)["event_date"] < json::parse(b.value)["event_date"];
  });
  std::vector<size_t> at;
  for (size_t i = 0; i < designed.size(); ++i) at.push_back(random() % (messages.size() + 1));
  std::sort(at.begin(), at.end());
  for (size_t i = designed.size(); i-- > 0;) {
    messages.insert(messages.begin() + static_cast<std::ptrdiff_t>(at[i]), designed[i]);
  }
  return messages;
}

// 2. Produced while the aggregator runs: bla back in Turbat today (a town novelty, open for 30
// days) and ispp's 8 attacks in Sindh over the last 10 days (monthly and weekly surges, open).
std::vector<IncidentChange> Live(Day today) {
  std::vector<IncidentChange> messages = {trends::testing::Change(
      Incident("bla-turbat-2", DayText(today), "PK-BA", {"bla"}, 9, "Turbat"))};
  for (int i = 0; i < 8; ++i) {
    messages.push_back(trends::testing::Change(
        Incident(fmt::format("ispp-now-{}", i), DayText(today - 9 + i), "PK-SD", {"ispp"})));
  }
  return messages;
}

// 3. Late data: bla's attack today deleted (its novelty goes), and the third shared incident
// corrected to iskp alone (the pair never reaches the level: the co-claim alert goes).
std::vector<IncidentChange> Corrections() {
  auto shared = Incident("shared-4", "2023-04-10", "PK-BA", {"iskp"});
  shared.version = 2;
  return {trends::testing::Tombstone("bla-turbat-2", 2), trends::testing::Change(shared)};
}

// A designed alert as one line: what it is about, when it opened, its state.
std::string Describe(const json& alert, const std::string& recent) {
  const std::string type = alert["type"];
  std::string what;
  if (type == "surge") {
    what = fmt::format("surge {} {} {}", alert["rule"].get<std::string>(),
                       alert["group"].get<std::string>(), alert["province"].get<std::string>());
  } else if (type == "novelty") {
    const auto& evidence = alert["evidence"];
    const std::string dimension = evidence["dimension"];
    what = fmt::format("novelty {} {} {} {}", dimension, alert["group"].get<std::string>(),
                       alert["province"].get<std::string>(),
                       dimension == "attack"           ? evidence["attack"].get<std::string>()
                       : evidence["place"].is_string() ? evidence["place"].get<std::string>()
                                                       : "-");
  } else {
    what = fmt::format("coclaim {}+{}", alert["group"].get<std::string>(),
                       alert["group_b"].get<std::string>());
  }
  // Surges opened by the last days' attacks: the period depends on today's date.
  std::string opened = alert["opened_on"];
  if (type == "surge" && opened >= recent) opened = "recently";
  std::string line =
      fmt::format("{} opened {} {}", what, opened, alert["state"].get<std::string>());
  if (alert["resolved_on"].is_string()) line += " " + alert["resolved_on"].get<std::string>();
  if (alert.value("withdrawn", false)) line += " withdrawn";
  return line;
}

// The same alert as evaluated, without what publishing adds (the version).
json Evaluated(json alert) {
  alert.erase("version");
  return alert;
}

using Book = std::map<std::string, json>;  // alert_id → alert.v1 with version

// alert.v1 lines (one a line, as `query alerts --format json` prints them) by alert_id.
Book BookOfLines(const std::string& lines) {
  Book book;
  std::istringstream in(lines);
  for (std::string line; std::getline(in, line);) {
    auto alert = json::parse(line);
    const std::string id = alert["alert_id"];
    book[id] = std::move(alert);
  }
  return book;
}

// The alerts of a book that are not withdrawn, without versions: what the policy gives on the
// data the book has seen.
Book LiveAlerts(const Book& book) {
  Book live;
  for (const auto& [id, alert] : book) {
    if (!alert.value("withdrawn", false)) live[id] = Evaluated(alert);
  }
  return live;
}

// "" when `book` is what the policy gives up to today (`evaluated`): its alerts that are not
// withdrawn are the evaluated ones, and those withdrawn are not evaluated. Otherwise what
// differs. Equal, the aggregator has nothing left to publish for the data it committed.
std::string Mismatch(const Book& book, const Book& evaluated) {
  std::vector<std::string> differences;
  for (const auto& [id, alert] : book) {
    auto it = evaluated.find(id);
    if (alert.value("withdrawn", false)) {
      if (it != evaluated.end()) differences.push_back("withdrawn, but given: " + alert.dump());
    } else if (it == evaluated.end()) {
      differences.push_back("in the book, not given: " + alert.dump());
    } else if (Evaluated(alert) != it->second) {
      differences.push_back("book: " + alert.dump() + "\n  given: " + it->second.dump());
    }
  }
  for (const auto& [id, alert] : evaluated) {
    if (!book.contains(id)) differences.push_back("given, not in the book: " + alert.dump());
  }
  if (differences.empty()) return "";
  const size_t shown = std::min<size_t>(differences.size(), 8);
  return fmt::format("{} differences, the first {}:\n{}\n", differences.size(), shown,
                     fmt::join(differences.begin(), differences.begin() + shown, "\n"));
}

class AlertIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    topic_ = testing::UniqueName("alert-it");
    dir_ = fs::temp_directory_path() / topic_;
    fs::create_directories(dir_ / "alertmanager");
    // One partition: every aggregator reads the records in the order produced.
    testing::CreateTopic(testing::TestBrokers(), topic_, 1);
    std::ifstream schema(fs::path(CLAIMWATCH_SCHEMA_DIR) / "alert.v1.schema.json");
    schema_ = json::parse(schema);
  }

  // A failed run keeps its stores, logs and Alertmanager's storage for a look.
  void TearDown() override {
    aggregators_.clear();
    alertmanager_.Stop();
    if (HasFailure()) {
      std::cerr << "stores and logs kept in " << dir_ << "\n";
    } else if (!dir_.empty()) {
      fs::remove_all(dir_);
    }
  }

  // Starts the test's own Alertmanager: no clustering, its own storage, a null receiver.
  void StartAlertmanager() {
    const std::string started = alertmanager_.Start(dir_);
    ASSERT_EQ(started, "");
    alertmanager_port_ = alertmanager_.port();
  }

  void Produce(std::span<const IncidentChange> messages) {
    auto writer = kafka::KafkaWriter::Create({{"bootstrap.servers", testing::TestBrokers()}});
    ASSERT_TRUE(writer.ok()) << writer.status();
    kafka::KafkaIncidentSink sink(**writer, topic_);
    ASSERT_TRUE(sink.Publish(messages).ok());
    produced_ += messages.size();
  }

  // Starts `claimwatch aggregate` on store `run`, publishing to alerts topic `alerts` (and to
  // the test's Alertmanager when `webhook`), serving the API on `port` (0: none).
  Process& StartAggregator(const std::string& run, const std::string& alerts, int port,
                           bool webhook, bool until_caught_up = false) {
    const std::string config = (dir_ / (run + ".toml")).string();
    std::ofstream file(config);
    // Small batches, for many commits to be killed between. Static membership: a restart after
    // a SIGKILL takes the partition back at once, not after the session timeout (45 s) in which
    // the broker waits for the killed member.
    file << "[ingest]\nbatch_max_records = 10\n[kafka.consumer]\n\"group.instance.id\" = \"" << run
         << "\"\n[http]\nport = " << port << "\n[alerts]\ntopic = \"" << alerts << "\"\n";
    if (webhook) file << "webhook = \"http://127.0.0.1:" << alertmanager_port_ << "\"\n";
    file.close();
    std::vector<std::string> argv = {CLAIMWATCH_BINARY,
                                     "aggregate",
                                     "--config",
                                     config,
                                     "--brokers",
                                     testing::TestBrokers(),
                                     "--db",
                                     (dir_ / run).string(),
                                     "--incidents-topic",
                                     topic_,
                                     "--group",
                                     topic_ + "-" + run};
    if (until_caught_up) argv.push_back("--until-caught-up");
    aggregators_.push_back(std::make_unique<Process>(argv, (dir_ / (run + ".out")).string(),
                                                     (dir_ / (run + ".err")).string()));
    return *aggregators_.back();
  }

  // Records the aggregator on `port` applied, by claimwatch_aggregate_incidents_total.
  static size_t Applied(int port) {
    return static_cast<size_t>(testing::SumMetric(port, "claimwatch_aggregate_incidents_total"));
  }

  // GET /api/v1/alerts on `port`: the book (no as_of), or the policy evaluated up to as_of.
  static std::optional<Book> Alerts(int port, const std::string& query = "") {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(1s);
    auto reply = client.Get("/api/v1/alerts" + query);
    if (!reply || reply->status != 200) return std::nullopt;
    Book book;
    auto body = json::parse(reply->body);
    for (auto& alert : body["alerts"]) {
      const std::string id = alert["alert_id"];
      book[id] = std::move(alert);
    }
    return book;
  }

  // Waits until the aggregator on `port` has read to the end of the topic and applied
  // `applied` records (the process's own count: a restarted one counts from 0), and its book is
  // what the policy gives on them up to today (nothing left to publish); returns the book.
  Book AwaitSettled(int port, size_t applied) {
    std::optional<Book> book;
    std::string mismatch = "not read";
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(1s);
    const bool settled = Eventually([&] {
      auto ready = client.Get("/readyz");
      if (!ready || ready->status != 200 || Applied(port) < applied) return false;
      auto evaluated = Alerts(port, "?as_of=" + DayText(today_));
      book = Alerts(port);
      if (!book || !evaluated) return false;
      mismatch = Mismatch(*book, *evaluated);
      return mismatch.empty();
    });
    EXPECT_TRUE(settled) << "applied " << Applied(port) << " of " << applied
                         << " records; the book differs from the evaluation:\n"
                         << mismatch;
    if (!book) return {};
    for (const auto& [id, alert] : *book) {
      testing::ExpectMatchesSchema(alert, schema_);
      EXPECT_GE(alert.value("version", 0), 1) << alert.dump();
    }
    return *book;
  }

  // The designed scenario's alerts of `book`, described.
  std::multiset<std::string> Designed(const Book& book) const {
    std::multiset<std::string> lines;
    for (const auto& [id, alert] : book) {
      if (kDesignedGroups.contains(alert["group"])) {
        lines.insert(Describe(alert, DayText(today_ - 9)));
      } else {
        EXPECT_FALSE(kDesignedGroups.contains(alert.value("group_b", ""))) << alert.dump();
      }
    }
    return lines;
  }

  // Every change on alerts topic `alerts` against `book`: keyed by alert_id, with the version
  // header equal to the value's; each alert's versions 1..n all present (repeats allowed: a
  // restart publishes again what it may not have recorded, and it must be the same change),
  // the highest equal to the book's entry; no alert the book lacks. Returns how many records
  // repeated an earlier one.
  size_t ExpectTopicMatchesBook(const std::string& alerts, const Book& book) {
    std::map<std::string, std::map<int64_t, json>> versions;
    size_t repeats = 0;
    for (const auto& message : testing::ReadTopic(testing::TestBrokers(), alerts)) {
      EXPECT_FALSE(message.tombstone) << message.key;
      auto alert = json::parse(message.payload);
      testing::ExpectMatchesSchema(alert, schema_);
      EXPECT_EQ(message.key, alert["alert_id"]);
      const int64_t version = alert.value("version", 0);
      EXPECT_EQ(message.headers.at("claimwatch.alert.version"), std::to_string(version));
      auto [it, added] = versions[message.key].emplace(version, alert);
      if (!added) {
        ++repeats;
        EXPECT_EQ(it->second, alert) << "version " << version << " published twice, different";
      }
    }
    for (const auto& [id, published] : versions) {
      EXPECT_TRUE(book.contains(id)) << "on the topic, not in the book: " << id;
      EXPECT_EQ(published.begin()->first, 1) << id;
      EXPECT_EQ(published.rbegin()->first, static_cast<int64_t>(published.size()))
          << id << ": a version is missing";
    }
    for (const auto& [id, alert] : book) {
      auto it = versions.find(id);
      if (it == versions.end()) {
        ADD_FAILURE() << "in the book, not on the topic: " << alert.dump();
        continue;
      }
      EXPECT_EQ(it->second.rbegin()->second, alert) << "the topic's latest version differs";
    }
    return repeats;
  }

  // GET /api/v2/alerts of the test's Alertmanager: alert_id → alert.
  std::map<std::string, json> ActiveInAlertmanager() const {
    httplib::Client client("127.0.0.1", alertmanager_port_);
    auto reply = client.Get("/api/v2/alerts");
    std::map<std::string, json> alerts;
    if (!reply || reply->status != 200) return alerts;
    for (const auto& alert : json::parse(reply->body)) {
      alerts[alert["labels"].value("alert_id", "")] = alert;
    }
    return alerts;
  }

  // Waits until Alertmanager lists exactly the open alerts of `book`, each active with the
  // book's labels and version.
  void ExpectAlertmanagerShowsOpen(const Book& book) {
    std::set<std::string> open;
    for (const auto& [id, alert] : book) {
      if (alert["state"] == "open") open.insert(id);
    }
    std::map<std::string, json> listed;
    const bool same = Eventually([&] {
      listed = ActiveInAlertmanager();
      std::set<std::string> ids;
      for (const auto& [id, alert] : listed) ids.insert(id);
      return ids == open;
    });
    ASSERT_TRUE(same) << "open in the book: " << fmt::format("{}", fmt::join(open, ", "))
                      << "\nin Alertmanager: " << json(listed).dump(2);
    for (const auto& id : open) {
      const auto& alert = book.at(id);
      const auto& listed_alert = listed.at(id);
      EXPECT_EQ(listed_alert["labels"]["alert_id"], id);
      EXPECT_EQ(listed_alert["labels"]["type"], alert["type"]);
      EXPECT_EQ(listed_alert["labels"]["group"], alert["group"]);
      EXPECT_EQ(listed_alert["labels"]["province"], alert["province"]);
      EXPECT_EQ(listed_alert["status"]["state"], "active");
      EXPECT_EQ(listed_alert["annotations"]["version"], alert["version"].dump());
    }
  }

  // `claimwatch query alerts --db <run> --format json [options]`: one alert.v1 a line.
  std::string QueryAlerts(const std::string& run, const std::vector<std::string>& options = {}) {
    std::vector<std::string> argv = {CLAIMWATCH_BINARY,     "query",    "alerts", "--db",
                                     (dir_ / run).string(), "--format", "json"};
    argv.insert(argv.end(), options.begin(), options.end());
    std::string out;
    EXPECT_EQ(testing::RunToExit(argv, &out), 0) << out;
    return out;
  }

  const Day today_ = trends::Today();
  std::string topic_;
  fs::path dir_;
  json schema_;
  size_t produced_ = 0;
  int alertmanager_port_ = 0;
  testing::TestAlertmanager alertmanager_;
  std::vector<std::unique_ptr<Process>> aggregators_;
};

TEST_F(AlertIntegrationTest, BookTopicAndAlertmanagerAgreeThroughLateDataAndAKill) {
  const auto started = std::chrono::steady_clock::now();
  const std::string today = DayText(today_);
  const std::string alerts_a = topic_ + "-alerts-a";
  const int port_a = testing::FreePort();
  ASSERT_NO_FATAL_FAILURE(StartAlertmanager());

  // 1. History, then the aggregator: the designed alerts, all resolved by now.
  ASSERT_NO_FATAL_FAILURE(Produce(History(today_)));
  Process& uninterrupted = StartAggregator("a", alerts_a, port_a, /*webhook=*/true);
  const Book historical = AwaitSettled(port_a, produced_);
  const std::multiset<std::string> expected_history = {
      "surge monthly iskp all opened 2023-10-31 resolved 2024-01-31",
      "surge monthly iskp PK-KP opened 2023-10-31 resolved 2024-01-31",
      "surge weekly iskp all opened 2023-10-08 resolved 2023-11-26",
      "surge weekly iskp PK-KP opened 2023-10-08 resolved 2023-11-26",
      "coclaim iskp+ttp opened 2023-06-10 resolved 2024-02-10",
      "novelty place ttp PK-KP Bannu opened 2022-06-01 resolved 2022-07-01",
      "novelty province ttp PK-PB - opened 2022-09-09 resolved 2022-10-09",
      "novelty attack ttp all ied opened 2022-09-09 resolved 2022-10-09",
  };
  EXPECT_EQ(Designed(historical), expected_history);
  EXPECT_GT(historical.size(), expected_history.size()) << "the fillers raised no alerts";
  for (const auto& [id, alert] : historical) EXPECT_EQ(alert["state"], "resolved") << alert.dump();
  ExpectTopicMatchesBook(alerts_a, historical);
  // Evaluated up to a day in the past, the October 2023 surges are open.
  {
    auto then = Alerts(port_a, "?as_of=2023-11-15&group=iskp&type=surge");
    ASSERT_TRUE(then.has_value());
    std::multiset<std::string> lines;
    for (const auto& [id, alert] : *then) lines.insert(Describe(alert, "9999"));
    EXPECT_EQ(lines,
              std::multiset<std::string>({"surge monthly iskp all opened 2023-10-31 open",
                                          "surge monthly iskp PK-KP opened 2023-10-31 open",
                                          "surge weekly iskp all opened 2023-10-08 open",
                                          "surge weekly iskp PK-KP opened 2023-10-08 open"}));
  }
  // Nothing is open: Alertmanager lists nothing.
  ASSERT_NO_FATAL_FAILURE(ExpectAlertmanagerShowsOpen(historical));

  // 2. Live: a novelty and four surges open now, active in Alertmanager.
  ASSERT_NO_FATAL_FAILURE(Produce(Live(today_)));
  const Book current = AwaitSettled(port_a, produced_);
  auto expected_now = expected_history;
  expected_now.insert("novelty place bla PK-BA Turbat opened " + today + " open");
  for (const char* rule : {"monthly", "weekly"}) {
    for (const char* province : {"all", "PK-SD"}) {
      expected_now.insert(fmt::format("surge {} ispp {} opened recently open", rule, province));
    }
  }
  EXPECT_EQ(Designed(current), expected_now);
  std::string novelty_id;
  for (const auto& [id, alert] : current) {
    if (alert["group"] == "bla") novelty_id = id;
    if (historical.contains(id)) {
      EXPECT_EQ(alert, historical.at(id)) << "changed by other data";
    }
  }
  ASSERT_FALSE(novelty_id.empty());
  const json& novelty = current.at(novelty_id);
  EXPECT_EQ(novelty["version"], 1);
  EXPECT_EQ(novelty["evidence"]["incident_id"], "bla-turbat-2");
  EXPECT_EQ(novelty["evidence"]["previous_on"], DayText(today_ - 730));
  EXPECT_EQ(novelty["evidence"]["gap_days"], 730);
  ExpectTopicMatchesBook(alerts_a, current);
  ASSERT_NO_FATAL_FAILURE(ExpectAlertmanagerShowsOpen(current));

  // 3. Late data: the tombstone and the correction each withdraw one alert, in a new version;
  // nothing else changes.
  ASSERT_NO_FATAL_FAILURE(Produce(Corrections()));
  const Book corrected = AwaitSettled(port_a, produced_);
  ASSERT_EQ(corrected.size(), current.size());
  std::multiset<std::string> changed;
  for (const auto& [id, alert] : corrected) {
    const auto& before = current.at(id);
    if (alert == before) continue;
    changed.insert(Describe(alert, DayText(today_ - 9)));
    EXPECT_EQ(alert["version"], before["version"].get<int>() + 1) << alert.dump();
    EXPECT_EQ(alert["opened_on"], before["opened_on"]);
    EXPECT_TRUE(alert["summary"].get<std::string>().starts_with("withdrawn: ")) << alert.dump();
  }
  EXPECT_EQ(changed, std::multiset<std::string>(
                         {"coclaim iskp+ttp opened 2023-06-10 resolved 2024-02-10 withdrawn",
                          "novelty place bla PK-BA Turbat opened " + today + " resolved " + today +
                              " withdrawn"}));
  ExpectTopicMatchesBook(alerts_a, corrected);
  // The withdrawn novelty leaves Alertmanager; the surges stay active.
  ASSERT_NO_FATAL_FAILURE(ExpectAlertmanagerShowsOpen(corrected));
  EXPECT_FALSE(ActiveInAlertmanager().contains(novelty_id));

  uninterrupted.Kill(SIGTERM);
  EXPECT_EQ(uninterrupted.Wait(), 0);
  // The store's book, offline, is what the API served.
  EXPECT_EQ(BookOfLines(QueryAlerts("a")), corrected);

  // 4. Another aggregator on its own store and alerts topic reads the whole topic, is killed
  // mid-stream and restarted: the same live alerts, and no change lost on its topic.
  const std::string alerts_b = topic_ + "-alerts-b";
  const int port_b = testing::FreePort();
  {
    Process& killed = StartAggregator("b", alerts_b, port_b, /*webhook=*/false);
    size_t applied = 0;
    for (int attempt = 0; attempt < 20000 && applied < produced_ / 3; ++attempt) {
      applied = Applied(port_b);
      std::this_thread::sleep_for(1ms);
    }
    killed.Kill(SIGKILL);
    EXPECT_EQ(killed.Wait(), 128 + SIGKILL);
    ASSERT_GE(applied, produced_ / 3);
    ASSERT_LT(applied, produced_) << "the kill came after the end of the stream";
  }
  Process& restarted = StartAggregator("b", alerts_b, port_b, /*webhook=*/false);
  const Book book_b = AwaitSettled(port_b, 0);
  restarted.Kill(SIGTERM);
  EXPECT_EQ(restarted.Wait(), 0);
  EXPECT_EQ(LiveAlerts(book_b), LiveAlerts(corrected));
  EXPECT_EQ(BookOfLines(QueryAlerts("b")), book_b);
  const size_t repeats = ExpectTopicMatchesBook(alerts_b, book_b);
  // Offline, --as-of evaluates the policy on the store: the live alerts of the book.
  EXPECT_EQ(BookOfLines(QueryAlerts("b", {"--as-of", today})), LiveAlerts(book_b));
  std::cout << fmt::format(
      "alert_integration: {} records, {} alerts in the book of the uninterrupted run and {} in "
      "the killed one's ({} live); the restart published {} change(s) again; {:.1f} s\n",
      produced_, corrected.size(), book_b.size(), LiveAlerts(book_b).size(), repeats,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

// `aggregate --until-caught-up` exits once it has read everything: by then every alert change
// of what it read must be published and in the book, not left for the next start.
TEST_F(AlertIntegrationTest, UntilCaughtUpExitsWithEveryChangePublished) {
  const std::string alerts = topic_ + "-alerts";
  ASSERT_NO_FATAL_FAILURE(Produce(History(today_)));
  ASSERT_NO_FATAL_FAILURE(Produce(Live(today_)));
  Process& aggregator = StartAggregator("a", alerts, 0, false, /*until_caught_up=*/true);
  ASSERT_EQ(aggregator.Wait(), 0) << testing::ReadFile((dir_ / "a.err").string());
  const Book book = BookOfLines(QueryAlerts("a"));
  const Book evaluated = BookOfLines(QueryAlerts("a", {"--as-of", DayText(today_)}));
  EXPECT_EQ(Mismatch(book, evaluated), "");
  ExpectTopicMatchesBook(alerts, book);
}

}  // namespace
}  // namespace claimwatch
