#pragma once
// Internal to lib/manifest: the pieces the readers of tables, columns and constraints share.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/reader.h"
#include "model/schema.h"
#include "model/type.h"

namespace bcdb::manifest::detail {

using Keys = std::vector<std::string>;

// Whether str::trim would leave nothing, without building the trimmed copy.
bool blank(std::string_view s);

class Reporter {
 public:
  Reporter(const std::string& file, std::vector<Diagnostic>& out) : file_(file), out_(out) {}
  Location at(Pos p) const { return {file_, p.line, p.column}; }
  void error(Pos p, std::string message, std::string hint = {}) const {
    out_.push_back({at(p), std::move(message), std::move(hint)});
  }
  // A problem only on `engines` (Diagnostic::engines).
  void engine_error(Pos p, std::vector<std::string> engines, std::string message, std::string hint = {}) const {
    out_.push_back({at(p), std::move(message), std::move(hint), std::move(engines)});
  }

 private:
  const std::string& file_;
  std::vector<Diagnostic>& out_;
};

// Reports SQL text the manifest pastes into a statement (written at `at`, under `key`) unless it
// is one piece of one statement (sql_fragment.h); returns whether it is.
bool sql_fragment_ok(const Reporter& r, Pos at, const std::string& context, std::string_view key,
                     std::string_view text);
// The same for a bare word (an index method, a MySQL engine or charset).
bool sql_word_ok(const Reporter& r, Pos at, const std::string& context, std::string_view key, std::string_view text);

// "did you mean 'x'?" when a candidate is close, else the list of valid words.
std::string suggest(std::string_view word, const Keys& candidates, std::string_view what);

// The name-or-position label of an element: "column total" or "column #3".
std::string label(std::string_view what, const Node& element, int position);

// The "table orders: column total: " that starts a message. It is put together only when a
// message is written: building it for every element of a big schema cost an allocation each.
// A Context refers to its parent and to the texts it was given, which must outlive it.
class Context {
 public:
  explicit Context(std::string_view prefix) : text_(prefix) {}  // complete, ": " included
  // The parent's text, then `what` labelled as label() does when `element` is given, else
  // "what #position" (or `what` alone when position is 0), then ": ".
  Context(const Context& parent, std::string_view what, const Node* element = nullptr, int position = 0)
      : parent_(&parent), text_(what), element_(element), position_(position) {}
  std::string str() const;

 private:
  const Context* parent_ = nullptr;
  std::string_view text_;
  const Node* element_ = nullptr;
  int position_ = 0;
};

// Records the positions of one element straight into the load's list of spots, under the index
// the element will have once kept (the number of elements kept before it); the reader drops them
// again when the element is not kept. Nothing is gathered per element first: that cost a vector
// and a string per position.
class Spots {
 public:
  Spots(std::vector<Spot>& spots, Part part, std::size_t element)
      : spots_(spots), part_(part), element_(static_cast<std::uint32_t>(element)) {}
  void add(Attr attr, Pos at, std::size_t item) { add(attr, at, static_cast<int>(item)); }
  void add(Attr attr, Pos at, int item = -1) { spots_.push_back({part_, attr, element_, item, at}); }

 private:
  std::vector<Spot>& spots_;
  Part part_;
  std::uint32_t element_;
};

// One TOML table of the manifest. Unknown keys are reported on construction so that a typo never
// passes silently; the accessors report values of the wrong kind and return nullopt for them.
class Fields {
 public:
  Fields(const Node& node, const Context& context, const Reporter& r, const Keys& known);

  std::string context() const { return ctx_.str(); }
  const Context& scope() const { return ctx_; }
  const Reporter& reporter() const { return r_; }
  Pos at() const { return node_.at; }
  const Node* get(std::string_view key) const { return node_.find(key); }
  Pos at(std::string_view key) const;

  void missing(std::string_view key) const;
  void wrong(const Node& value, std::string_view key, std::string_view expected) const;
  std::optional<std::string> string(std::string_view key, bool required = false) const;
  // Names and SQL expressions: blank text is a mistake, never "nothing".
  std::optional<std::string> nonblank(std::string_view key, bool required = false) const;
  // As string() and nonblank(), viewing the document instead of copying: for values that are
  // only inspected, or copied once into their final place.
  std::optional<std::string_view> text(std::string_view key, bool required = false) const;
  std::optional<std::string_view> nonblank_text(std::string_view key, bool required = false) const;
  // SQL pasted into bcdb's statements: nonblank() and one piece of one statement (sql_fragment.h).
  std::optional<std::string> fragment(std::string_view key, bool required = false) const;
  // A bare word pasted unquoted (sql_fragment.h).
  std::optional<std::string> word(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  // An array of column names under `key`; records the array as `attr` and each entry as item j.
  std::optional<std::vector<std::string>> names(std::string_view key, bool required, Spots& spots, Attr attr) const;

 private:
  const Node& node_;
  Context ctx_;
  const Reporter& r_;
};

std::optional<std::vector<std::string>> read_names(const Node& list, const Context& context, std::string_view key,
                                                   const Reporter& r, Spots& spots, Attr attr);

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

// model::parse_type by spelling: a big schema spells a few types thousands of times. Holds a
// bounded number of spellings so that a schema of many distinct ones costs no more than before.
class TypeCache {
 public:
  std::optional<model::Type> parse(std::string_view text);

 private:
  static constexpr std::size_t kLimit = 64;
  std::vector<std::pair<std::string, std::optional<model::Type>>> known_;
};

// The readers of elements record positions through `spots` and return nullopt for an element
// that cannot be kept (its problems are reported).
// A column is read into a fresh Column the caller provides, so that the big struct is built where
// it is kept; the caller drops it again when the column cannot be kept.
enum class ColumnRead { dropped, typed, untyped };
ColumnRead read_column(const Node& element, int position, const Context& table, const Reporter& r, Spots& spots,
                       TypeCache& types, model::Column& c);
std::optional<model::Index> read_index(const Node& element, int position, const Context& table, const Reporter& r,
                                       Spots& spots);
std::optional<model::Unique> read_unique(const Node& element, int position, const Context& table, const Reporter& r,
                                         Spots& spots);
std::optional<model::ForeignKey> read_foreign_key(const Node& element, int position, const Context& table,
                                                  const Reporter& r, Spots& spots);
std::optional<model::Check> read_check(const Node& element, int position, const Context& table, const Reporter& r,
                                       Spots& spots);

}  // namespace bcdb::manifest::detail
