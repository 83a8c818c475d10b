#pragma once

#include <map>
#include <string>
#include <vector>

namespace claimwatch::testing {

// The broker the integration tier runs against: $CLAIMWATCH_TEST_BROKERS or 127.0.0.1:9092.
std::string TestBrokers();

// Creates a topic on a real broker (kafka::EnsureTopics) and waits for the broker's answer;
// throws on failure (so a missing broker fails the test rather than skipping it).
void CreateTopic(const std::string& brokers, const std::string& topic, int partitions);

struct ConsumedMessage {
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key{};
  bool tombstone = false;  // no value at all (not an empty one)
  std::string payload{};
  std::map<std::string, std::string> headers{};
};

// Reads every message of `topic` from the beginning to its current end.
std::vector<ConsumedMessage> ReadTopic(const std::string& brokers, const std::string& topic);

// True when consumer group `group` has committed, on every partition of `topic`, the offset of
// the partition's end: it has processed everything in it.
bool GroupCaughtUp(const std::string& brokers, const std::string& group, const std::string& topic);

// A name no other test run uses.
std::string UniqueName(const std::string& prefix);

}  // namespace claimwatch::testing
