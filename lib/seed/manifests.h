#pragma once
// The verticals' manifests: built into bcdb from manifests/<vertical>/ (so `bcdb seed` works in
// any folder and always matches its generators), or a folder given with --manifests.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "plan/pipeline.h"

namespace bcdb::seed {

struct EmbeddedManifest {
  const char* vertical;
  const char* file;  // "orders.toml"
  const char* text;
};
const std::vector<EmbeddedManifest>& embedded_manifests();  // generated at build time

// The desired side for seeding `vertical`: the built-in manifests, or those in `dir`.
plan::Desired vertical_manifests(const std::string& vertical, const std::optional<std::filesystem::path>& dir,
                                 std::string_view engine = {});

}  // namespace bcdb::seed
