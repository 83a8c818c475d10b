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

std::string Cell(const nlohmann::ordered_json& value, size_t width) {
  std::string text = value.is_null()     ? "-"
                     : value.is_string() ? value.get<std::string>()
                                         : value.dump();
  if (text.size() > width) text = text.substr(0, width - 1) + "~";
  return text;
}

void PrintHeader() {
  std::cout << std::left << std::setw(14) << "SOURCE" << std::setw(22) << "CLAIM_ID" << std::setw(4)
            << "REV" << std::setw(11) << "EVENT_DATE" << std::setw(16) << "GROUP" << std::setw(14)
            << "PLACE" << std::setw(9) << "PROVINCE" << std::setw(7) << "ATTACK" << std::setw(7)
            << "TARGET" << std::setw(7) << "KILLED"
            << "WOUNDED\n";
}

void PrintRow(const nlohmann::ordered_json& claim) {
  std::cout << std::left << std::setw(14) << Cell(claim["source"], 13) << std::setw(22)
            << Cell(claim["claim_id"], 21) << std::setw(4) << Cell(claim["revision"], 3)
            << std::setw(11) << Cell(claim["event_date"], 10) << std::setw(16)
            << Cell(claim["group"].is_null()
                        ? nlohmann::ordered_json("?" + claim["claimed_by"].get<std::string>())
                        : claim["group"],
                    15)
            << std::setw(14) << Cell(claim["place"], 13) << std::setw(9)
            << Cell(claim["province"], 8) << std::setw(7) << Cell(claim["attack_type"], 6)
            << std::setw(7) << Cell(claim["target_type"], 6) << std::setw(7)
            << Cell(claim["killed"], 6) << Cell(claim["wounded"], 7) << '\n';
}

absl::Status RunQueryClaims(const QueryRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  if (run.format == "table") PrintHeader();
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
    auto normalised = nlohmann::ordered_json::parse(stored.normalised, nullptr, false);
    if (normalised.is_discarded()) normalised = nlohmann::ordered_json::object();
    auto json = ClaimToJson(*claim, normalised);
    if (run.format == "json") {
      std::cout << json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
    } else {
      PrintRow(json);
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
