#include "services/ingest/ndjson_source.h"

namespace claimwatch::ingest {

NdjsonRecordSource::NdjsonRecordSource(std::istream& input, std::string name)
    : input_(input), name_(std::move(name)) {}

Result<std::span<const records::Record>> NdjsonRecordSource::Poll(size_t max_records,
                                                                  std::chrono::milliseconds) {
  lines_.resize(max_records);
  records_.clear();
  size_t used = 0;
  while (used < max_records) {
    std::string& line = lines_[used];
    if (!std::getline(input_, line)) {
      at_end_ = true;
      break;
    }
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    records_.push_back({name_, 0, line_number_, {}, line});
    ++used;
  }
  if (input_.bad()) return Unavailable("input: read error on " + name_);
  return std::span<const records::Record>(records_);
}

}  // namespace claimwatch::ingest
