// Microbenchmarks of the ingest hot path: claim parsing and the store's batched dedup write.
#include <filesystem>

#include "benchmark/benchmark.h"
#include "services/parsing/claim_parser.h"
#include "services/storage/claim_store.h"
#include "tests/support/claim_stream.h"

namespace claimwatch {
namespace {

void BM_ParseClaim(benchmark::State& state) {
  std::vector<std::string> lines;
  for (size_t i = 0; i < 1000; ++i) lines.push_back(testing::ClaimLine("amaq", i, 0));
  parsing::ClaimParser parser;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const auto& line = lines[i++ % lines.size()];
    auto claim = parser.Parse(line);
    benchmark::DoNotOptimize(claim);
    bytes += line.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_ParseClaim);

// Batches of new claims with 5% re-deliveries into a store on disk that grows as it runs.
void BM_StoreApplyBatch(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() / "claimwatch_store_bench";
  std::filesystem::remove_all(path);
  auto store = std::move(*storage::ClaimStore::Open({.path = path.string()}));
  const size_t batch_size = static_cast<size_t>(state.range(0));
  size_t next = 0;
  std::vector<storage::StoredClaim> batch;
  for (auto _ : state) {
    state.PauseTiming();
    batch.clear();
    for (size_t i = 0; i < batch_size; ++i) {
      const size_t index = (i % 20 == 19 && next > 0) ? next / 2 : next++;
      batch.push_back({"amaq", std::to_string(index), 0, testing::ClaimLine("amaq", index, 0)});
    }
    std::vector<storage::SourcePosition> positions = {{"claims", 0, static_cast<int64_t>(next)}};
    state.ResumeTiming();
    auto outcomes = store->Apply(batch, positions);
    if (!outcomes.ok()) state.SkipWithError(std::string(outcomes.status().message()).c_str());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch_size));
  store.reset();
  std::filesystem::remove_all(path);
}
BENCHMARK(BM_StoreApplyBatch)->Arg(1)->Arg(500)->Arg(5000)->UseRealTime();

}  // namespace
}  // namespace claimwatch

BENCHMARK_MAIN();
