#pragma once

#include <ostream>

#include "services/records/record_io.h"

namespace claimwatch::ingest {

// Writes rejected NDJSON lines as one JSON object a line:
// {"line":N,"reason":"wrong_type","error":"location.province: expected string","input":"…"}.
// Invalid UTF-8 in the input is replaced (U+FFFD) so the file stays valid JSON.
class RejectFileSink : public records::DeadLetterSink {
 public:
  explicit RejectFileSink(std::ostream* out) : out_(out) {}
  [[nodiscard]] Result<> Write(std::span<const records::DeadLetter> letters) override;

 private:
  std::ostream* out_;  // null: rejects are only counted
};

}  // namespace claimwatch::ingest
