// Incident resolution against a store that already holds many incidents: prefills a fresh
// RocksDB store with distinct incidents, then times a realistic mix of new claims (60% new
// incidents, 25% competing claims joining a stored incident, 10% reposts, 5% re-deliveries) in
// batches as the pipeline commits them. Prints claims/s and peak RSS; asserts no timings.
// Usage: resolution_bench [prefill_incidents=1000000] [measured_claims=200000]
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>

#include "fmt/format.h"
#include "services/parsing/dates.h"
#include "services/resolution/change_sink.h"
#include "services/resolution/resolver.h"

namespace claimwatch {
namespace {

using Clock = std::chrono::steady_clock;
using resolution::ClaimFacts;
using resolution::ResolveCounts;

constexpr size_t kBatch = 5000;
constexpr size_t kDistricts = 160;
constexpr size_t kPlacesPerDistrict = 8;
constexpr size_t kPlaces = kDistricts * kPlacesPerDistrict;
constexpr size_t kDays = 3652;  // 2015-01-01 onwards, ten years
constexpr std::array<const char*, 4> kGroups = {"ttp", "ispp", "iskp", "bla"};

std::string DayText(size_t day) {
  using namespace std::chrono;
  const year_month_day date{sys_days{2015y / January / 1} + days{day}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

// Claim `n` of the distinct-incident sequence. Claims of one place fall on distinct days; the
// days of a place come in four interleaved passes (every 4th day, then shifted by one), and the
// attack type differs between passes, so neighbouring days never match. Unique up to
// kPlaces * kDays claims.
ClaimFacts IncidentClaim(size_t n) {
  const size_t place = n % kPlaces, slot = n / kPlaces;
  const size_t pass = (slot / (kDays / 4)) % 4, day = (slot % (kDays / 4)) * 4 + pass;
  const size_t district = place / kPlacesPerDistrict;
  const std::string date = DayText(day);
  ClaimFacts claim;
  claim.source = fmt::format("feed-{}", n % 5);
  claim.claim_id = fmt::format("c{}", n);
  claim.reported_at = date + "T12:00:00Z";
  claim.group = kGroups[n % kGroups.size()];
  claim.claimed_by = *claim.group;
  claim.district = fmt::format("D{:03}", district);
  claim.place_id = fmt::format("p-{}-{}", *claim.district, place % kPlacesPerDistrict);
  claim.place = *claim.place_id;
  claim.province = "PK-PB";
  claim.country = "PK";
  claim.event_date = *parsing::ParseEventDate(date);
  claim.attack_type = static_cast<int>(1 + pass + 4 * ((n / 7) % 2));
  claim.target_type = static_cast<int>(1 + (n * 7) % 22);
  claim.killed = static_cast<int64_t>(n % 6);
  return claim;
}

// Measured claim `i`: new incidents continue the sequence after the prefill; the others refer
// to a random prefilled claim.
ClaimFacts MeasuredClaim(size_t i, size_t prefill, std::mt19937_64& random) {
  const size_t kind = i % 20;
  if (kind < 12) return IncidentClaim(prefill + i);
  const size_t stored = random() % prefill;
  ClaimFacts claim = IncidentClaim(stored);
  if (kind == 19) return claim;  // re-delivery: same source, claim id and revision
  claim.claim_id = fmt::format("m{}", i);
  claim.reported_at.replace(11, 2, "18");  // reported later that day
  claim.source = "aggregator";             // a repost: same content
  if (kind < 17) {  // a competing claim: same attack, another group and source
    claim.source = "competitor";
    claim.group = kGroups[(stored + 1 + i % 3) % kGroups.size()];
    claim.claimed_by = *claim.group;
  }
  return claim;
}

// Resolves claims [0, count) of `make` in batches, as the pipeline does; adds up the counts.
template <typename Make>
Result<ResolveCounts> Resolve(resolution::Resolver& resolver, size_t count, Make make) {
  ResolveCounts total;
  size_t published = 0;
  for (size_t first = 0; first < count; first += kBatch) {
    for (size_t i = first; i < std::min(count, first + kBatch); ++i) {
      if (auto applied = resolver.Apply("local", {false, make(i)}); !applied.ok()) {
        return applied;
      }
    }
    published += resolver.Changes().size();
    auto committed = resolver.Commit({});
    if (!committed.ok()) return committed.status();
    resolution::AddCounts(total, *committed);
  }
  if (published == 0 && count > 0) return Internal("no incident changes published");
  return total;
}

double Seconds(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

int Run(const std::filesystem::path& path, size_t prefill, size_t measured) {
  auto store = storage::ClaimStore::Open({.path = path.string()});
  if (!store.ok()) {
    std::cerr << "resolution_bench: open: " << store.status() << '\n';
    return 1;
  }
  resolution::Resolver resolver(**store, resolution::MatchRules{});
  auto started = Clock::now();
  auto filled = Resolve(resolver, prefill, IncidentClaim);
  if (!filled.ok()) {
    std::cerr << "resolution_bench: prefill: " << filled.status() << '\n';
    return 1;
  }
  double seconds = Seconds(started);
  std::cout
      << fmt::format(
             "resolution_bench: prefilled {} claims in {:.1f} s ({:.0f} claims/s), {} incidents\n",
             prefill, seconds, prefill / seconds, filled->created)
      << std::flush;

  std::mt19937_64 random(42);
  started = Clock::now();
  auto counts =
      Resolve(resolver, measured, [&](size_t i) { return MeasuredClaim(i, prefill, random); });
  if (!counts.ok()) {
    std::cerr << "resolution_bench: measured: " << counts.status() << '\n';
    return 1;
  }
  seconds = Seconds(started);
  std::cout << fmt::format(
      "resolution_bench: resolved {} claims in {:.1f} s: {:.0f} claims/s (store of {} incidents)\n"
      "resolution_bench: created {}, joined {}, reposts {}, redeliveries {}, superseded {}\n",
      measured, seconds, measured / seconds, filled->created, counts->created, counts->joined,
      counts->reposts, counts->redeliveries, counts->superseded);
  return 0;
}

}  // namespace
}  // namespace claimwatch

int main(int argc, char** argv) {
  const size_t prefill = argc > 1 ? std::stoul(argv[1]) : 1000000;
  const size_t measured = argc > 2 ? std::stoul(argv[2]) : 200000;
  if (prefill == 0) {
    std::cerr << "resolution_bench: prefill_incidents must be at least 1\n";
    return 2;
  }
  const auto path = std::filesystem::temp_directory_path() /
                    fmt::format("resolution_bench_{}_{}", ::getpid(),
                                std::chrono::steady_clock::now().time_since_epoch().count());
  const int code = claimwatch::Run(path, prefill, measured);
  std::filesystem::remove_all(path);
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  std::cout << fmt::format("resolution_bench: peak RSS {} MiB\n", usage.ru_maxrss / 1024);
  return code;
}
