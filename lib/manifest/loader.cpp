// Manifest loading: the only translation unit that sees toml++ (a heavy header). It converts each
// parsed document into the neutral tree of reader.h; reading and validation happen elsewhere.
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "manifest/manifest.h"
#include "manifest/reader.h"
#include "manifest/validate.h"
#include "support/hash.h"
#include "support/strings.h"

namespace bcdb::manifest {

std::string Location::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

std::string Diagnostic::to_string() const {
  std::string out = where.to_string() + ": " + message;
  if (!hint.empty()) out += " (" + hint + ")";
  return out;
}

namespace {

std::string describe(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.to_string();
  }
  return out;
}

}  // namespace

ManifestError::ManifestError(std::vector<Diagnostic> diags)
    : Error(ExitCode::bad_input, describe(diags)), diagnostics(std::move(diags)) {}

namespace {

using detail::Node;

detail::Pos pos(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

Node convert(const toml::node& node) {
  Node out;
  out.at = pos(node.source());
  switch (node.type()) {
    case toml::node_type::string:
      out.kind = Node::Kind::string;
      out.text = node.as_string()->get();
      break;
    case toml::node_type::integer:
      out.kind = Node::Kind::integer;
      out.integer = node.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      out.kind = Node::Kind::floating;
      out.floating = node.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      out.kind = Node::Kind::boolean;
      out.boolean = node.as_boolean()->get();
      break;
    case toml::node_type::array:
      out.kind = Node::Kind::array;
      for (const auto& item : *node.as_array()) out.items.push_back(convert(item));
      break;
    case toml::node_type::table:
      out.kind = Node::Kind::table;
      for (const auto& [key, value] : *node.as_table())
        out.entries.push_back({std::string(key.str()), pos(key.source()), convert(value)});
      // toml++ keeps keys sorted; declaration order is the order in the file.
      std::stable_sort(out.entries.begin(), out.entries.end(), [](const detail::Entry& a, const detail::Entry& b) {
        return std::tie(a.at.line, a.at.column) < std::tie(b.at.line, b.at.column);
      });
      break;
    default:  // dates and times: never valid in a manifest
      out.kind = Node::Kind::other;
  }
  return out;
}

// One document; a syntax error makes it contribute one diagnostic and no tables, because toml++
// stops at the first error.
std::vector<detail::TableSource> read_file(std::string_view text, const std::string& file, int file_order,
                                           std::vector<Diagnostic>& out) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view{file});
  } catch (const toml::parse_error& e) {
    std::string description(e.description());
    std::string hint;
    // The most common slip: breaking an inline table over lines, which TOML 1.0 forbids.
    if (description.find("inline table") != std::string::npos && description.find("saw '\\n'") != std::string::npos)
      hint = "an inline table { ... } must fit on one line; write long entries as [[tables.NAME.KEY]] sections";
    out.push_back({{file, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)},
                   "syntax error: " + description,
                   hint});
    return {};
  }
  return detail::read_document(convert(root), file, file_order, out);
}

void add_to_checksum(Sha256& hash, std::string_view name, std::string_view content) {
  hash.update(name);
  hash.update(std::string_view("\0", 1));
  hash.update(content);
  hash.update(std::string_view("\0", 1));
}

void finish(std::vector<detail::TableSource> tables, LoadResult& result) {
  detail::assemble(std::move(tables), result);
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) < std::tie(b.where.file, b.where.line, b.where.column);
  });
}

bool is_manifest(const std::filesystem::directory_entry& entry) {
  std::string name = entry.path().filename().string();
  std::error_code ec;
  // Hidden files are editor leftovers (".#orders.toml" locks), never manifests.
  return entry.is_regular_file(ec) && entry.path().extension() == ".toml" && !name.empty() && name[0] != '.';
}

std::vector<std::string> manifest_names(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (is_manifest(entry)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A folder without manifests is usually the parent of the real ones (manifests/ holding
// commerce/ and auth/): name the subfolders that have some.
[[noreturn]] void no_manifests(const std::filesystem::path& dir) {
  std::vector<std::string> subfolders;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::error_code ec;
    if (!entry.is_directory(ec)) continue;
    bool has_manifest = false;
    for (const auto& inner : std::filesystem::directory_iterator(entry.path(), ec))
      has_manifest = has_manifest || is_manifest(inner);
    if (has_manifest) subfolders.push_back(entry.path().filename().string());
  }
  std::sort(subfolders.begin(), subfolders.end());
  std::string message = "manifest folder '" + dir.string() + "' holds no .toml files";
  if (!subfolders.empty()) {
    std::vector<std::string> shown;
    for (const auto& s : subfolders) shown.push_back(s + "/");
    message += "; it has subfolders " + str::join(shown, ", ") + ": pass --manifests " + (dir / subfolders.front()).string();
  }
  throw ConfigError(message);
}

std::optional<std::string> read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return content.str();
}

}  // namespace

LoadResult load_text(std::string_view toml, const std::string& file_name) {
  LoadResult result;
  result.files = {file_name};
  Sha256 hash;
  add_to_checksum(hash, file_name, toml);
  result.checksum = hash.hex_digest();
  finish(read_file(toml, file_name, 0, result.diagnostics), result);
  return result;
}

LoadResult load_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) throw ConfigError("manifest folder '" + dir.string() + "' does not exist");
  if (!std::filesystem::is_directory(dir, ec)) throw ConfigError("manifest folder '" + dir.string() + "' is not a folder");
  auto names = manifest_names(dir);
  if (names.empty()) no_manifests(dir);

  LoadResult result;
  Sha256 hash;
  std::vector<detail::TableSource> tables;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string file = (dir / names[i]).string();
    result.files.push_back(file);
    auto content = read_all(dir / names[i]);
    if (!content) {
      result.diagnostics.push_back({{file, 0, 0}, "cannot read the file", ""});
      continue;
    }
    add_to_checksum(hash, names[i], *content);
    auto read = read_file(*content, file, static_cast<int>(i), result.diagnostics);
    std::move(read.begin(), read.end(), std::back_inserter(tables));
  }
  result.checksum = hash.hex_digest();
  finish(std::move(tables), result);
  return result;
}

LoadResult load_valid(const std::filesystem::path& dir) {
  LoadResult result = load_directory(dir);
  if (!result.ok()) throw ManifestError(result.diagnostics);
  return result;
}

}  // namespace bcdb::manifest
