#pragma once
// Internal to lib/manifest: the pieces the readers of tables, columns and constraints share.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/reader.h"
#include "model/schema.h"

namespace bcdb::manifest::detail {

using Keys = std::vector<std::string>;

class Reporter {
 public:
  Reporter(const std::string& file, std::vector<Diagnostic>& out) : file_(file), out_(out) {}
  Location at(Pos p) const { return {file_, p.line, p.column}; }
  void error(Pos p, std::string message, std::string hint = {}) const {
    out_.push_back({at(p), std::move(message), std::move(hint)});
  }

 private:
  const std::string& file_;
  std::vector<Diagnostic>& out_;
};

// "did you mean 'x'?" when a candidate is close, else the list of valid words.
std::string suggest(std::string_view word, const Keys& candidates, std::string_view what);

// Where the parts of one object were written, relative to the object: "" is the object itself,
// ".name", ".columns[1]", ... They are filed under the object's path once it is kept, because
// only then is its index in the model vector known.
class Spots {
 public:
  void add(std::string suffix, Pos at) { items_.emplace_back(std::move(suffix), at); }
  void file_under(const std::string& path, const Reporter& r, TableSource& table) const;

 private:
  std::vector<std::pair<std::string, Pos>> items_;
};

// One TOML table of the manifest. Unknown keys are reported on construction so that a typo never
// passes silently; the accessors report values of the wrong kind and return nullopt for them.
class Fields {
 public:
  Fields(const Node& node, std::string context, const Reporter& r, const Keys& known);

  const std::string& context() const { return ctx_; }
  const Reporter& reporter() const { return r_; }
  Pos at() const { return node_.at; }
  const Node* get(std::string_view key) const { return node_.find(key); }
  Pos at(std::string_view key) const;

  void missing(std::string_view key) const;
  void wrong(const Node& value, std::string_view key, std::string_view expected) const;
  std::optional<std::string> string(std::string_view key, bool required = false) const;
  // Names and SQL expressions: blank text is a mistake, never "nothing".
  std::optional<std::string> nonblank(std::string_view key, bool required = false) const;
  std::optional<bool> boolean(std::string_view key) const;
  // An array of column names under `key`; records each entry as suffix[j].
  std::optional<std::vector<std::string>> names(std::string_view key, bool required, Spots& spots,
                                                const std::string& suffix) const;

 private:
  const Node& node_;
  std::string ctx_;
  const Reporter& r_;
};

std::optional<std::vector<std::string>> read_names(const Node& list, const std::string& context,
                                                   std::string_view key, const Reporter& r, Spots& spots,
                                                   const std::string& suffix);

// Each element of an array of tables (inline tables or [[...]] sections), with its 1-based
// position; other elements are reported.
template <typename Read>
void each_table(const Fields& f, std::string_view key, Read read) {
  const Node* list = f.get(key);
  if (!list) return;
  if (list->kind != Node::Kind::array) {
    f.wrong(*list, key, "an array of tables");
    return;
  }
  int position = 0;
  for (const Node& item : list->items) {
    ++position;
    if (item.kind != Node::Kind::table)
      f.wrong(item, key, "an array of tables");
    else
      read(item, position);
  }
}

template <typename T>
struct Read {
  T value;
  Spots spots;
};

// The name-or-position label of an element: "column total" or "column #3".
std::string label(std::string_view what, const Node& element, int position);

struct ReadColumn {
  Read<model::Column> column;
  bool typed = false;
};
std::optional<ReadColumn> read_column(const Node& element, int position, const std::string& table_ctx,
                                      const Reporter& r);
std::optional<Read<model::Index>> read_index(const Node& element, int position, const std::string& table_ctx,
                                             const Reporter& r);
std::optional<Read<model::Unique>> read_unique(const Node& element, int position, const std::string& table_ctx,
                                               const Reporter& r);
std::optional<Read<model::ForeignKey>> read_foreign_key(const Node& element, int position,
                                                        const std::string& table_ctx, const Reporter& r);
std::optional<Read<model::Check>> read_check(const Node& element, int position, const std::string& table_ctx,
                                             const Reporter& r);

}  // namespace bcdb::manifest::detail
