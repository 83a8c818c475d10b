#include "services/records/record_io.h"

#include <map>
#include <utility>

namespace claimwatch::records {

std::vector<storage::SourcePosition> NextPositions(std::span<const Record> records) {
  std::map<std::pair<std::string_view, int32_t>, int64_t> next;
  for (const auto& record : records) next[{record.topic, record.partition}] = record.offset + 1;
  std::vector<storage::SourcePosition> positions;
  positions.reserve(next.size());
  for (const auto& [key, offset] : next) {
    positions.push_back({std::string(key.first), key.second, offset});
  }
  return positions;
}

}  // namespace claimwatch::records
