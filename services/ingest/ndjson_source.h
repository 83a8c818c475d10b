#pragma once

#include <istream>
#include <string>
#include <vector>

#include "services/records/record_io.h"

namespace claimwatch::ingest {

// Lines of an NDJSON stream as records: topic = the input's name, offset = the 1-based line
// number. Blank lines are skipped but still counted. Not thread-safe.
class NdjsonRecordSource : public records::RecordSource {
 public:
  NdjsonRecordSource(std::istream& input, std::string name);

  [[nodiscard]] Result<std::span<const records::Record>> Poll(
      size_t max_records, std::chrono::milliseconds timeout) override;
  void Acknowledge(std::span<const storage::SourcePosition>) override {}
  bool AtEnd() const { return at_end_; }

 private:
  std::istream& input_;
  std::string name_;
  int64_t line_number_ = 0;
  bool at_end_ = false;
  std::vector<std::string> lines_;
  std::vector<records::Record> records_;
};

}  // namespace claimwatch::ingest
