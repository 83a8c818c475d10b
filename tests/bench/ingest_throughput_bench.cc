// End-to-end ingest throughput, printed not asserted:
//   import  — `claimwatch import` of an NDJSON file into a store on disk (whole process);
//   kafka   — the ingest pipeline consuming a 4-partition topic on the real local broker,
//             timed from the first record to caught-up (group join excluded), store on disk.
// Usage: ingest_throughput_bench [claims=200000] (CLAIMWATCH_TEST_BROKERS picks the broker;
// CLAIMWATCH_BENCH_SERIAL=1 commits each batch before parsing the next, for comparison).
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "fmt/format.h"
#include "services/ingest/ingest_pipeline.h"
#include "services/kafka/kafka_dead_letter_sink.h"
#include "services/kafka/kafka_record_source.h"
#include "tests/support/claim_stream.h"
#include "tests/support/kafka_admin.h"
#include "tests/support/process.h"

namespace claimwatch {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

void BenchImport(const fs::path& work, const testing::ClaimStream& stream) {
  const auto input = (work / "claims.ndjson").string();
  const auto started = Clock::now();
  std::string out;
  int code = testing::RunToExit(
      {CLAIMWATCH_BINARY, "import", "--input", input, "--db", (work / "import-db").string()}, &out);
  const double seconds = Seconds(started);
  if (code != 0) throw std::runtime_error("import failed: " + out);
  std::cout << fmt::format("import: {} lines in {:.2f} s = {:.0f} claims/s (whole process)\n",
                           stream.lines.size(), seconds, stream.lines.size() / seconds);
}

void BenchKafka(const fs::path& work, const testing::ClaimStream& stream) {
  const std::string brokers = testing::TestBrokers();
  const std::string topic = testing::UniqueName("claims-bench");
  testing::CreateTopic(brokers, topic, 4);
  const auto input = (work / "claims.ndjson").string();
  auto started = Clock::now();
  if (testing::RunToExit({CLAIMWATCH_BINARY, "produce", "--brokers", brokers, "--topic", topic,
                          "--input", input}) != 0) {
    throw std::runtime_error("produce failed");
  }
  std::cout << fmt::format("produce: {} messages in {:.2f} s\n", stream.lines.size(),
                           Seconds(started));

  auto store = std::move(*storage::ClaimStore::Open({.path = (work / "kafka-db").string()}));
  prometheus::Registry registry;
  ingest::IngestMetrics metrics(registry);
  auto writer = std::move(*kafka::KafkaWriter::Create({{"bootstrap.servers", brokers}}));
  kafka::KafkaDeadLetterSink dead_letters(*writer, topic + ".dlq");
  // The idempotent producer's first send waits for a producer id; take that wait out of the
  // timed section, which would otherwise charge it to the first batch.
  if (!writer->Send(topic + ".warmup", {}, "warmup").ok() ||
      !writer->Flush(std::chrono::seconds(30)).ok()) {
    throw std::runtime_error("warm-up send failed");
  }
  auto source = std::move(*kafka::KafkaRecordSource::Create(
      {{"bootstrap.servers", brokers}, {"group.id", topic}}, {topic},
      [&](const std::string& t, int32_t p) { return store->NextOffset(t, p); }));
  auto reference = normalisation::LoadReferenceData(normalisation::BundledReferenceFiles(
      std::getenv("CLAIMWATCH_REFERENCE_DIR") ? std::getenv("CLAIMWATCH_REFERENCE_DIR")
                                              : CLAIMWATCH_REFERENCE_DIR));
  if (!reference.ok()) throw std::runtime_error(std::string(reference.status().message()));
  auto normaliser = std::move(*normalisation::Normaliser::Create(std::move(*reference)));
  // As `claimwatch ingest` runs it: batch N commits while batch N+1 is parsed.
  ingest::IngestPipeline pipeline(*source, dead_letters, *normaliser, *store, metrics,
                                  {.pipelined = std::getenv("CLAIMWATCH_BENCH_SERIAL") == nullptr});
  std::optional<Clock::time_point> first;
  while (!source->CaughtUp()) {
    auto batch = pipeline.RunOnce();
    if (!batch.ok()) throw std::runtime_error(std::string(batch.status().message()));
    if (!first && batch->read > 0) first = Clock::now();
  }
  if (auto last = pipeline.Flush(); !last.ok()) {
    throw std::runtime_error(std::string(last.status().message()));
  }
  const double seconds = Seconds(*first);
  std::cout << fmt::format(
      "kafka ingest: {:.0f} messages in {:.2f} s = {:.0f} claims/s (first record to caught up; "
      "{:.0f} stored, {:.0f} dead letters, {:.0f} redeliveries)\n",
      metrics.consumed.Value(), seconds, metrics.consumed.Value() / seconds, metrics.stored.Value(),
      metrics.dead_lettered.Value(), metrics.redeliveries.Value());
  source->Close();
}

}  // namespace
}  // namespace claimwatch

int main(int argc, char** argv) {
  const size_t claims = argc > 1 ? std::stoul(argv[1]) : 200000;
  const auto work =
      std::filesystem::temp_directory_path() / claimwatch::testing::UniqueName("claimwatch-bench");
  std::filesystem::create_directories(work);
  auto stream = claimwatch::testing::GenerateClaimStream(claims, 0.01, 0.05, 7);
  claimwatch::testing::WriteLines((work / "claims.ndjson").string(), stream.lines);
  int code = 0;
  try {
    claimwatch::BenchImport(work, stream);
    claimwatch::BenchKafka(work, stream);
  } catch (const std::exception& error) {
    std::cerr << "bench: " << error.what() << '\n';
    code = 1;
  }
  std::filesystem::remove_all(work);
  return code;
}
