#include "services/ingest/ndjson_source.h"

#include <sstream>

#include "gtest/gtest.h"
#include "services/ingest/reject_file_sink.h"

namespace claimwatch::ingest {
namespace {

TEST(NdjsonRecordSourceTest, NumbersLinesAndSkipsBlankOnes) {
  std::istringstream input("a\r\n\n  \nb\nc");
  NdjsonRecordSource source(input, "in.ndjson");
  auto first = source.Poll(2, {});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].payload, "a");
  EXPECT_EQ((*first)[0].offset, 1);
  EXPECT_EQ((*first)[1].payload, "b");
  EXPECT_EQ((*first)[1].offset, 4);
  EXPECT_EQ((*first)[1].topic, "in.ndjson");
  auto second = source.Poll(2, {});
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].offset, 5);
  EXPECT_TRUE(source.AtEnd());
}

TEST(RejectFileSinkTest, WritesLineReasonAndInputAsValidJson) {
  std::ostringstream out;
  RejectFileSink sink(&out);
  records::DeadLetter letter{
      {"in", 0, 7, {}, "bad \xff line"}, "invalid_utf8", "message: invalid UTF-8 at byte 4"};
  ASSERT_TRUE(sink.Write({&letter, 1}).ok());
  EXPECT_EQ(out.str(),
            "{\"error\":\"message: invalid UTF-8 at byte 4\",\"input\":\"bad \xef\xbf\xbd "
            "line\",\"line\":7,\"reason\":\"invalid_utf8\"}\n");
}

}  // namespace
}  // namespace claimwatch::ingest
