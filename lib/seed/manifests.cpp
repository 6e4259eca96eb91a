#include "seed/manifests.h"

#include "manifest/manifest.h"
#include "support/error.h"

namespace bcdb::seed {

plan::Desired vertical_manifests(const std::string& vertical, const std::optional<std::filesystem::path>& dir,
                                 std::string_view engine) {
  if (dir) return plan::desired_from_manifests(*dir, engine);
  // The files of a vertical as one document: each holds whole [tables.*] sections.
  std::string text;
  for (const auto& m : embedded_manifests())
    if (vertical == m.vertical) text += std::string(m.text) + "\n";
  if (text.empty()) throw ConfigError("this build of bcdb has no built-in manifests for '" + vertical + "'");
  std::string source = "built-in manifests/" + vertical;
  manifest::LoadResult loaded = manifest::load_text(text, source);
  manifest::require_valid(loaded, engine);
  return plan::Desired{std::move(loaded.schema), source, loaded.checksum, {}};
}

}  // namespace bcdb::seed
