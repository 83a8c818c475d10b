// Detector evaluations per second: each detector over a ten-year weekly Poisson series (520
// points, rate 2), evaluating the last two years (104 points) per call, as the alerting would
// re-evaluate a series after a late change. Google Benchmark prints time per call and
// evaluations (points) per second; nothing is asserted.
// Usage: detector_bench [--benchmark_min_time=…]
#include <benchmark/benchmark.h>

#include <numeric>
#include <random>
#include <vector>

#include "services/detection/cusum.h"
#include "services/detection/ears.h"
#include "services/detection/farrington.h"
#include "services/detection/poisson_rate.h"

namespace claimwatch::detection {
namespace {

constexpr int64_t kPoints = 520;
constexpr int64_t kEvaluated = 104;

const std::vector<double>& Series() {
  static const std::vector<double> series = [] {
    std::mt19937 random(2022);
    std::poisson_distribution<int> attacks(2.0);
    std::vector<double> counts(kPoints);
    for (auto& count : counts) count = attacks(random);
    return counts;
  }();
  return series;
}

std::vector<int64_t> Range() {
  std::vector<int64_t> range(kEvaluated);
  std::iota(range.begin(), range.end(), kPoints - kEvaluated + 1);
  return range;
}

template <typename Detect>
void Run(benchmark::State& state, Detect detect) {
  const auto range = Range();
  for (auto _ : state) {
    auto out = detect(Series(), range);
    if (!out.ok()) {
      state.SkipWithError(std::string(out.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(out->alarm.data());
  }
  state.counters["evaluations/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * kEvaluated), benchmark::Counter::kIsRate);
}

void EarsC1(benchmark::State& state) {
  Run(state, [](const auto& y, const auto& r) {
    return DetectEars(EarsVariant::kC1, y, r, EarsControl{});
  });
}
void EarsC3(benchmark::State& state) {
  Run(state, [](const auto& y, const auto& r) {
    return DetectEars(EarsVariant::kC3, y, r, EarsControl{});
  });
}
void Farrington(benchmark::State& state) {
  Run(state,
      [](const auto& y, const auto& r) { return DetectFarrington(y, r, FarringtonControl{}); });
}
void Cusum(benchmark::State& state) {
  Run(state, [](const auto& y, const auto& r) { return DetectCusum(y, r, CusumControl{}); });
}
void PoissonRate(benchmark::State& state) {
  Run(state,
      [](const auto& y, const auto& r) { return DetectPoissonRate(y, r, PoissonRateControl{}); });
}

BENCHMARK(EarsC1);
BENCHMARK(EarsC3);
BENCHMARK(Farrington);
BENCHMARK(Cusum);
BENCHMARK(PoissonRate);

}  // namespace
}  // namespace claimwatch::detection

BENCHMARK_MAIN();
