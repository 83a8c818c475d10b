// Parse alone against parse + normalise, and against parse + normalise + the JSON the store
// keeps, on one core, in the same run, over
// claims that name groups, places and acts in varied spellings and scripts. Prints both rates
// and their ratio (issue target: >= 0.5, i.e. normalising costs no more than parsing).
// Usage: normalise_bench [claims=20000] [rounds=5]; CLAIMWATCH_REFERENCE_DIR picks the data.
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "fmt/format.h"
#include "services/normalisation/normalised_json.h"
#include "services/parsing/claim_parser.h"
#include "tests/support/claim_stream.h"

namespace claimwatch {
namespace {

using Clock = std::chrono::steady_clock;

// Claims per second of `work` over `lines`, best of `rounds`.
template <typename Work>
double BestRate(const std::vector<std::string>& lines, int rounds, Work work) {
  double best = 0;
  for (int round = 0; round < rounds; ++round) {
    const auto started = Clock::now();
    for (const auto& line : lines) work(line);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    best = std::max(best, lines.size() / seconds);
  }
  return best;
}

}  // namespace
}  // namespace claimwatch

int main(int argc, char** argv) {
  using namespace claimwatch;
  const size_t count = argc > 1 ? std::stoul(argv[1]) : 20000;
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 5;
  const char* dir = std::getenv("CLAIMWATCH_REFERENCE_DIR");
  auto data = normalisation::LoadReferenceData(
      normalisation::BundledReferenceFiles(dir ? dir : CLAIMWATCH_REFERENCE_DIR));
  if (!data.ok()) {
    std::cerr << "normalise_bench: " << data.status().message() << '\n';
    return 1;
  }
  auto normaliser = std::move(*normalisation::Normaliser::Create(std::move(*data)));
  std::vector<std::string> lines;
  for (size_t i = 0; i < count; ++i) lines.push_back(testing::ClaimLine("amaq", i, 0));

  parsing::ClaimParser parser;
  size_t sink = 0;
  const double parse = BestRate(lines, rounds, [&](const std::string& line) {
    auto claim = parser.Parse(line);
    sink += claim.ok() ? claim->claim_id.size() : 0;
  });
  const double resolve = BestRate(lines, rounds, [&](const std::string& line) {
    auto claim = parser.Parse(line);
    if (claim.ok()) sink += normaliser->Normalise(*claim).resolution[0].has_value();
  });
  const double stored = BestRate(lines, rounds, [&](const std::string& line) {
    auto claim = parser.Parse(line);
    if (claim.ok()) sink += normalisation::NormalisedToJson(normaliser->Normalise(*claim)).size();
  });
  std::cout << fmt::format(
      "parse: {:.0f} claims/s\n"
      "parse + normalise: {:.0f} claims/s, ratio {:.2f} (target >= 0.5)\n"
      "parse + normalise + stored JSON: {:.0f} claims/s, ratio {:.2f}\n"
      "[{} claims, best of {} rounds, one core, checksum {}]\n",
      parse, resolve, resolve / parse, stored, stored / parse, count, rounds, sink % 1000);
  return 0;
}
