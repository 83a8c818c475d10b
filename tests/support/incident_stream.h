#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace claimwatch::testing {

// A reproducible stream of claims about known attacks, for incident resolution: each attack is
// claimed by one group, and some are also reposted by aggregators, claimed by a rival group,
// revised in place, or first reported at the wrong town and then revised to the right one. Lines
// are shuffled and a few are delivered twice. Attacks are three days apart in each town, so the
// claims about one attack are exactly one incident.
struct IncidentStream {
  std::vector<std::string> lines{};
  // Per attack: the claims about it ("source/claim_id"), and whether several groups claim it.
  std::vector<std::set<std::string>> incidents{};
  std::vector<bool> contested{};
  size_t reposts = 0, competing = 0, moved = 0;
};

// About `count` lines over places of the gazetteer at `gazetteer_path` whose names are unique.
IncidentStream GenerateIncidentStream(size_t count, uint64_t seed,
                                      const std::string& gazetteer_path);

}  // namespace claimwatch::testing
