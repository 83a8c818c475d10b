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

// `value` as a table cell `width` columns wide plus a separating space. Columns are counted in
// code points and long text is cut at a code point boundary, so Arabic and Urdu names stay
// valid UTF-8 and aligned.
std::string Cell(const nlohmann::ordered_json& value, size_t width) {
  std::string text = value.is_null()     ? "-"
                     : value.is_string() ? value.get<std::string>()
                                         : value.dump();
  auto starts_code_point = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  size_t columns = 0, cut = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if (!starts_code_point(text[i])) continue;
    if (columns == width - 1) cut = i;  // where "~" goes if the text is too long
    if (++columns > width) {
      text = text.substr(0, cut) + "~";
      columns = width;
      break;
    }
  }
  return text + std::string(width - columns + 1, ' ');
}

void PrintHeader() {
  std::cout << "SOURCE         CLAIM_ID              REV EVENT_DATE GROUP           PLACE         "
               "PROVINCE ATTACK TARGET KILLED WOUNDED\n";
}

void PrintRow(const nlohmann::ordered_json& claim) {
  const auto group = claim["group"].is_null()
                         ? nlohmann::ordered_json("?" + claim["claimed_by"].get<std::string>())
                         : claim["group"];
  std::cout << Cell(claim["source"], 14) << Cell(claim["claim_id"], 21)
            << Cell(claim["revision"], 3) << Cell(claim["event_date"], 10) << Cell(group, 15)
            << Cell(claim["place"], 13) << Cell(claim["province"], 8)
            << Cell(claim["attack_type"], 6) << Cell(claim["target_type"], 6)
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
