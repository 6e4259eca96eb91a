// Manifest loading: the only translation unit that sees toml++ (a heavy header). It converts each
// parsed document into the neutral tree of reader.h; reading and validation happen elsewhere.
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <span>
#include <stdexcept>
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

std::optional<Location> Locations::find(std::string_view object) const {
  // Names were keys "table" and "table.object" of one map, the first recorded winning; qualified
  // names hold dots themselves, so every dot may end the table's name.
  struct Found {
    std::uint32_t table;
    std::uint32_t order;  // 0 for the table itself, 1 + n for its object n
    std::uint32_t file;
    int line;
    int column;
  };
  std::optional<Found> best;
  auto consider = [&](const Found& f) {
    if (!best || std::tie(f.table, f.order) < std::tie(best->table, best->order)) best = f;
  };
  if (auto it = by_name_.find(object); it != by_name_.end()) {
    const Table& t = tables_[it->second];
    consider({it->second, 0, t.file, t.line, t.column});
  }
  const std::string_view names(names_);
  for (auto dot = object.find('.'); dot != std::string_view::npos; dot = object.find('.', dot + 1)) {
    auto it = by_name_.find(object.substr(0, dot));
    if (it == by_name_.end()) continue;
    const Table& t = tables_[it->second];
    std::string_view name = object.substr(dot + 1);
    for (std::uint32_t k = t.first; k < t.end; ++k) {
      const Object& o = objects_[k];
      if (names.substr(o.offset, o.size) != name) continue;
      consider({it->second, 1 + k - t.first, t.file, o.line, o.column});
      break;
    }
  }
  if (!best) return std::nullopt;
  return Location{files_[best->file], best->line, best->column};
}

Location Locations::at(std::string_view object) const {
  if (auto found = find(object)) return *found;
  throw std::out_of_range("no declaration of '" + std::string(object) + "' was recorded");
}

void Locations::reserve(std::size_t tables, std::size_t objects) {
  tables_.reserve(tables);
  objects_.reserve(objects);
}

void Locations::add_table(const std::string& qualified, const std::string& file, int line, int column) {
  // Tables arrive file by file, so comparing with the last file is enough to share each name.
  if (files_.empty() || files_.back() != file) files_.push_back(file);
  auto index = static_cast<std::uint32_t>(tables_.size());
  auto first = static_cast<std::uint32_t>(objects_.size());
  tables_.push_back({static_cast<std::uint32_t>(files_.size() - 1), line, column, first, first});
  by_name_.emplace(qualified, index);
}

void Locations::add(std::string_view object, int line, int column) {
  if (tables_.empty()) return;
  objects_.push_back({static_cast<std::uint32_t>(names_.size()), static_cast<std::uint32_t>(object.size()), line, column});
  names_ += object;
  tables_.back().end = static_cast<std::uint32_t>(objects_.size());
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

using detail::Entry;
using detail::Node;

detail::Pos pos(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

// Storage for nodes that stays put once handed out, so that spans into it stay valid while a
// tree grows. It is kept from one document to the next: reusing the blocks spares allocating and
// first touching fresh memory for every file.
template <typename T>
class Blocks {
 public:
  // Hands everything out again; what was handed out before must no longer be used.
  void reuse() {
    block_ = 0;
    used_ = 0;
  }

  std::span<T> claim(std::size_t n) {
    while (block_ < blocks_.size() && used_ + n > blocks_[block_].size()) {
      ++block_;
      used_ = 0;
    }
    if (block_ == blocks_.size()) {
      // Doubling keeps small documents small and big ones to a few dozen blocks.
      std::size_t size = blocks_.empty() ? kSmallest : std::min(2 * blocks_.back().size(), kLargest);
      blocks_.emplace_back(std::max(n, size));
    }
    std::span<T> out(blocks_[block_].data() + used_, n);
    used_ += n;
    return out;
  }

 private:
  static constexpr std::size_t kSmallest = 64;
  static constexpr std::size_t kLargest = 4096;
  std::vector<std::vector<T>> blocks_;  // each keeps its size; moving the outer vector keeps them
  std::size_t block_ = 0;               // the block being filled
  std::size_t used_ = 0;                // how much of it
};

// Converts parsed documents into the neutral tree of reader.h. A tree stays valid until the next
// document is converted; its texts are views into the toml++ document, which must outlive it.
class TreeBuilder {
 public:
  Node build(const toml::table& document) {
    nodes_.reuse();
    entries_.reuse();
    nul_.clear();
    return convert(document);
  }

  // Where the last document built holds a key or a string with a NUL byte (written \u0000):
  // no engine takes one in SQL text, and C APIs would cut the statement short at it.
  const std::vector<detail::Pos>& nul_positions() const { return nul_; }

 private:
  // A table's key before its value is converted: sorted into source order first.
  struct Pending {
    std::string_view key;
    detail::Pos at;
    const toml::node* value;
  };

  Node convert(const toml::node& node) {
    Node out;
    out.at = pos(node.source());
    switch (node.type()) {
      case toml::node_type::string:
        out.kind = Node::Kind::string;
        out.text = node.as_string()->get();
        if (out.text.find('\0') != std::string_view::npos) nul_.push_back(out.at);
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
        out.items = convert_items(*node.as_array());
        break;
      case toml::node_type::table:
        out.kind = Node::Kind::table;
        out.entries = convert_entries(*node.as_table());
        break;
      default:  // dates and times: never valid in a manifest
        out.kind = Node::Kind::other;
    }
    return out;
  }

  std::span<const Node> convert_items(const toml::array& array) {
    std::span<Node> items = nodes_.claim(array.size());
    for (std::size_t i = 0; i < array.size(); ++i) items[i] = convert(array[i]);
    return items;
  }

  // toml++ keeps keys sorted; declaration order is the order in the file. Tables are small, and
  // insertion sort is stable without the buffer std::stable_sort allocates on every call.
  void sort_by_position(std::size_t mark) {
    auto before = [](const Pending& a, const Pending& b) {
      return std::tie(a.at.line, a.at.column) < std::tie(b.at.line, b.at.column);
    };
    for (std::size_t i = mark + 1; i < pending_.size(); ++i) {
      Pending p = pending_[i];
      std::size_t j = i;
      for (; j > mark && before(p, pending_[j - 1]); --j) pending_[j] = pending_[j - 1];
      pending_[j] = p;
    }
  }

  std::span<const Entry> convert_entries(const toml::table& table) {
    std::size_t mark = pending_.size();
    for (const auto& [key, value] : table) {
      pending_.push_back({key.str(), pos(key.source()), &value});
      if (key.str().find('\0') != std::string_view::npos) nul_.push_back(pending_.back().at);
    }
    sort_by_position(mark);
    std::span<Entry> entries = entries_.claim(pending_.size() - mark);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      // Converting a value pushes its own keys onto pending_, which may move: index, don't point.
      const Pending p = pending_[mark + i];
      entries[i] = Entry{p.key, p.at, convert(*p.value)};
    }
    pending_.resize(mark);
    return entries;
  }

  Blocks<Node> nodes_;
  Blocks<Entry> entries_;
  std::vector<Pending> pending_;
  std::vector<detail::Pos> nul_;
};

// One document; a syntax error makes it contribute one diagnostic and no tables, because toml++
// stops at the first error.
void read_file(std::string_view text, const std::string& file, int file_order, TreeBuilder& trees,
               detail::Sources& into, std::vector<Diagnostic>& out) {
  toml::table root;
  try {
    // No source path: toml++ would copy it into every node, and diagnostics name the file anyway.
    root = toml::parse(text);
  } catch (const toml::parse_error& e) {
    std::string description(e.description());
    std::string hint;
    // The most common slip: breaking an inline table over lines, which TOML 1.0 forbids.
    if (description.find("inline table") != std::string::npos && description.find("saw '\\n'") != std::string::npos)
      hint = "an inline table { ... } must fit on one line; write long entries as [[tables.NAME.KEY]] sections";
    out.push_back({{file, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)},
                   "syntax error: " + description,
                   hint});
    return;
  }
  detail::Node tree = trees.build(root);
  for (const auto& at : trees.nul_positions())
    out.push_back({{file, at.line, at.column}, "a NUL byte (\\u0000) in a name or value", "no database takes one in SQL"});
  detail::read_document(tree, file, file_order, into, out);
}

void add_to_checksum(Sha256& hash, std::string_view name, std::string_view content) {
  hash.update(name);
  hash.update(std::string_view("\0", 1));
  hash.update(content);
  hash.update(std::string_view("\0", 1));
}

void sort_by_location(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) < std::tie(b.where.file, b.where.line, b.where.column);
  });
}

void finish(std::vector<detail::TableSource> tables, LoadResult& result) {
  detail::assemble(std::move(tables), result);
  auto advice = std::stable_partition(result.diagnostics.begin(), result.diagnostics.end(),
                                      [](const Diagnostic& d) { return !d.advice; });
  result.advice.assign(std::make_move_iterator(advice), std::make_move_iterator(result.diagnostics.end()));
  result.diagnostics.erase(advice, result.diagnostics.end());
  sort_by_location(result.advice);
  auto engine_specific = std::stable_partition(result.diagnostics.begin(), result.diagnostics.end(),
                                               [](const Diagnostic& d) { return d.engines.empty(); });
  result.engine_diagnostics.assign(std::make_move_iterator(engine_specific),
                                   std::make_move_iterator(result.diagnostics.end()));
  result.diagnostics.erase(engine_specific, result.diagnostics.end());
  sort_by_location(result.diagnostics);
  sort_by_location(result.engine_diagnostics);
}

// A symbolic link counts whatever it points to: one that leads nowhere is reported when read,
// never skipped (a manifest silently missing would plan its tables' drop).
bool is_manifest(const std::filesystem::directory_entry& entry) {
  std::string name = entry.path().filename().string();
  std::error_code ec;
  // Hidden files are editor leftovers (".#orders.toml" locks), never manifests.
  return (entry.is_regular_file(ec) || entry.is_symlink(ec)) && entry.path().extension() == ".toml" &&
         !name.empty() && name[0] != '.';
}

std::string unreadable(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_symlink(path, ec) && !std::filesystem::exists(path, ec))
    return "a symbolic link to '" + std::filesystem::read_symlink(path, ec).string() + "', which does not exist";
  if (std::filesystem::is_directory(path, ec)) return "a folder, not a manifest file";
  return "cannot read the file: " + std::string(std::strerror(errno));
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

// The whole file, into `content` (whose capacity is reused from file to file).
bool read_all(const std::filesystem::path& path, std::string& content) {
  std::ifstream in;
  // Unbuffered, reading straight into `content`: a stream buffer and a stringstream would be
  // allocated (and copied through) for every file.
  in.rdbuf()->pubsetbuf(nullptr, 0);
  in.open(path, std::ios::binary);
  if (!in) return false;
  content.clear();
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) content.append(buffer, static_cast<std::size_t>(in.gcount()));
  return !in.bad();
}

}  // namespace

LoadResult load_text(std::string_view toml, const std::string& file_name) {
  LoadResult result;
  result.files = {file_name};
  Sha256 hash;
  add_to_checksum(hash, file_name, toml);
  result.checksum = hash.hex_digest();
  detail::Sources sources;
  TreeBuilder trees;
  read_file(toml, file_name, 0, trees, sources, result.diagnostics);
  finish(std::move(sources.tables), result);
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
  detail::Sources sources;
  TreeBuilder trees;
  // One buffer for every file's text: allocating a file's text right after the previous document
  // was freed made the allocator sort all of that document's freed nodes again, file after file.
  std::string content;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string file = (dir / names[i]).string();
    result.files.push_back(file);
    if (!read_all(dir / names[i], content)) {
      result.diagnostics.push_back({{file, 0, 0}, unreadable(dir / names[i]), ""});
      continue;
    }
    add_to_checksum(hash, names[i], content);
    read_file(content, file, static_cast<int>(i), trees, sources, result.diagnostics);
  }
  result.checksum = hash.hex_digest();
  finish(std::move(sources.tables), result);
  return result;
}

bool Diagnostic::applies_to(std::string_view engine) const {
  return engines.empty() || std::find(engines.begin(), engines.end(), engine) != engines.end();
}

std::vector<Diagnostic> LoadResult::problems_for(std::string_view engine) const {
  std::vector<Diagnostic> out = diagnostics;
  if (!engine.empty())
    for (const auto& d : engine_diagnostics)
      if (d.applies_to(engine)) out.push_back(d);
  sort_by_location(out);
  return out;
}

void require_valid(const LoadResult& loaded, std::string_view engine) {
  auto problems = loaded.problems_for(engine);
  if (!problems.empty()) throw ManifestError(std::move(problems));
}

LoadResult load_valid(const std::filesystem::path& dir, std::string_view engine) {
  LoadResult result = load_directory(dir);
  require_valid(result, engine);
  return result;
}

}  // namespace bcdb::manifest
