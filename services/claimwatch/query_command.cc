// `claimwatch query claims`: reads the store offline.
#include <iomanip>
#include <iostream>

#include "services/claimwatch/claim_json.h"
#include "services/claimwatch/commands.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::cli {
namespace {

struct QueryRun {
  ServiceOptions options;
  std::string format = "table";
  size_t limit = 0;
};

std::string Cell(std::string text, size_t width) {
  if (text.size() > width) text = text.substr(0, width - 1) + "~";
  return text;
}

void PrintRow(const parsing::Claim& claim) {
  const auto& where = claim.location;
  std::string place = where.place.value_or(where.district.value_or(where.province.value_or("")));
  auto count = [](const std::optional<int64_t>& n) { return n ? std::to_string(*n) : "?"; };
  std::cout << std::left << std::setw(16) << Cell(claim.source, 15) << std::setw(24)
            << Cell(claim.claim_id, 23) << std::setw(5) << claim.revision << std::setw(11)
            << claim.event_date_raw.substr(0, 10) << std::setw(28) << Cell(claim.claimed_by, 27)
            << std::setw(18) << Cell(place, 17) << std::setw(7) << count(claim.killed)
            << count(claim.wounded) << '\n';
}

absl::Status RunQueryClaims(const QueryRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  if (run.format == "table") {
    std::cout << std::left << std::setw(16) << "SOURCE" << std::setw(24) << "CLAIM_ID"
              << std::setw(5) << "REV" << std::setw(11) << "EVENT_DATE" << std::setw(28)
              << "CLAIMED_BY" << std::setw(18) << "PLACE" << std::setw(7) << "KILLED"
              << "WOUNDED\n";
  }
  parsing::ClaimParser parser(parsing::ClaimParserConfig{.max_message_bytes = SIZE_MAX});
  size_t printed = 0;
  absl::Status failure;
  auto scanned = (*store)->ForEachClaim([&](const storage::StoredClaim& stored) {
    auto claim = parser.Parse(stored.payload);
    if (!claim.ok()) {
      failure = FailedPrecondition("store: claim " + stored.source + "/" + stored.claim_id +
                                   " no longer parses: " + std::string(claim.status().message()));
      return false;
    }
    if (run.format == "json") {
      std::cout << ClaimToJson(*claim).dump() << '\n';
    } else {
      PrintRow(*claim);
    }
    return run.limit == 0 || ++printed < run.limit;
  });
  if (!scanned.ok()) return scanned;
  return failure;
}

}  // namespace

void AddQueryCommand(CLI::App& app, int& exit_code) {
  auto* query = app.add_subcommand("query", "Read the store offline");
  query->require_subcommand(1);
  auto run = std::make_shared<QueryRun>();
  auto* claims = query->add_subcommand("claims", "List stored claims in (source, claim_id) order");
  claims->add_option("--db", run->options.db, "RocksDB directory [store.path]");
  claims->add_option("--config", run->options.config_path, "TOML config file")
      ->check(CLI::ExistingFile);
  claims->add_option("--format", run->format, "table, or json: one object a line")
      ->check(CLI::IsMember({"table", "json"}));
  claims->add_option("--limit", run->limit, "At most this many claims (0 = all)");
  claims->callback([run, &exit_code] {
    auto status = RunQueryClaims(*run);
    if (!status.ok()) std::cerr << "query: " << status.message() << '\n';
    exit_code = ExitCodeFor(status);
  });
}

}  // namespace claimwatch::cli
