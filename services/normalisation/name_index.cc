#include "services/normalisation/name_index.h"

#include <algorithm>

namespace claimwatch::normalisation {
namespace {

size_t FuzzyLimit(size_t code_points) {
  if (code_points < 5) return 0;
  return code_points < 10 ? 1 : 2;
}

size_t CodePointCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

const char* MethodName(Method method) {
  switch (method) {
    case Method::kExact:
      return "exact";
    case Method::kFolded:
      return "folded";
    case Method::kFuzzy:
      return "fuzzy";
    case Method::kUnresolved:
      return "unresolved";
  }
  return "unresolved";
}

void NameIndex::AddId(Match& match, const std::string& id) {
  if (std::find(match.ids.begin(), match.ids.end(), id) == match.ids.end()) {
    match.ids.push_back(id);
  }
}

void NameIndex::Add(const std::string& name, const std::string& id) {
  Match& exact = exact_[name];
  exact.method = Method::kExact;
  AddId(exact, id);
  std::string folded = folder_->Fold(name);
  if (folded.empty()) return;
  auto [it, inserted] = folded_.try_emplace(folded);
  it->second.method = Method::kFolded;
  AddId(it->second, id);
  if (inserted && FuzzyLimit(CodePointCount(folded)) > 0) {
    fuzzy_keys_.push_back({CodePoints(folded), &it->second});  // map nodes never move
  }
  memo_.clear();
}

const Match& NameIndex::Find(std::string_view raw) const {
  if (auto it = exact_.find(raw); it != exact_.end()) return it->second;
  if (auto it = memo_.find(raw); it != memo_.end()) return it->second;
  if (memo_.size() >= kMemoSize) memo_.clear();
  return memo_.emplace(std::string(raw), FindFolded(raw)).first->second;
}

Match NameIndex::FindFolded(std::string_view raw) const {
  const std::string folded = folder_->Fold(raw);
  if (folded.empty()) return {};
  if (auto it = folded_.find(folded); it != folded_.end()) return it->second;
  return FindFuzzy(folded);
}

Match NameIndex::FindFuzzy(const std::string& folded) const {
  const size_t limit = FuzzyLimit(CodePointCount(folded));
  if (limit == 0) return {};
  size_t best = limit + 1;
  Match match{Method::kFuzzy, {}};
  const std::u32string points = CodePoints(folded);
  for (const auto& key : fuzzy_keys_) {  // short names are never fuzzy targets
    const size_t gap = key.points.size() > points.size() ? key.points.size() - points.size()
                                                         : points.size() - key.points.size();
    if (gap > std::min(best, limit)) continue;
    const size_t distance = BoundedEditDistance(points, key.points, std::min(best, limit));
    if (distance > limit || distance > best) continue;
    if (distance < best) {
      best = distance;
      match.ids.clear();
    }
    for (const auto& id : key.match->ids) AddId(match, id);
  }
  if (match.ids.size() != 1) return {};  // nothing near, or a tie between ids: ambiguous
  return match;
}

}  // namespace claimwatch::normalisation
