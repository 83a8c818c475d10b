#include "services/claimwatch/normaliser_loading.h"

#include <cstdlib>
#include <filesystem>

namespace claimwatch::cli {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReferenceDir(const NormalisationConfig& config) {
  if (!config.reference_dir.empty()) return config.reference_dir;
  if (const char* dir = std::getenv("CLAIMWATCH_REFERENCE_DIR")) return std::string(dir);
  std::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  std::vector<fs::path> candidates = {"/usr/share/claimwatch/schemas/reference"};
  if (!error)
    candidates.insert(candidates.begin(), exe.parent_path().parent_path() / "schemas/reference");
  for (const auto& candidate : candidates) {
    if (fs::exists(candidate / "groups.ndjson")) return candidate.string();
  }
  return FailedPrecondition(
      "normalisation: no reference data found; set normalisation.reference_dir or "
      "CLAIMWATCH_REFERENCE_DIR");
}

}  // namespace

Result<normalisation::ReferenceData> LoadReference(const NormalisationConfig& config) {
  auto dir = ReferenceDir(config);
  if (!dir.ok()) return dir.status();
  normalisation::ReferenceFiles files = normalisation::BundledReferenceFiles(*dir);
  files.groups.insert(files.groups.end(), config.extra_groups.begin(), config.extra_groups.end());
  files.gazetteer.insert(files.gazetteer.end(), config.extra_gazetteer.begin(),
                         config.extra_gazetteer.end());
  files.taxonomy.insert(files.taxonomy.end(), config.extra_taxonomy.begin(),
                        config.extra_taxonomy.end());
  return normalisation::LoadReferenceData(files);
}

Result<std::unique_ptr<normalisation::Normaliser>> LoadNormaliser(
    const NormalisationConfig& config) {
  auto data = LoadReference(config);
  if (!data.ok()) return data.status();
  return normalisation::Normaliser::Create(std::move(*data));
}

}  // namespace claimwatch::cli
