// The demo-data generators: deterministic, streamable, and in step with the verticals' manifests.
#include <doctest/doctest.h>

#include <set>

#include "manifest/manifest.h"
#include "seed/manifests.h"
#include "seed/random.h"
#include "seed/values.h"
#include "seed/vertical.h"

using namespace bcdb;
using namespace bcdb::seed;

namespace {

std::string text(const Value& v) { return v ? *v : "NULL"; }

std::vector<std::string> all_rows(TableSource& t) {
  std::vector<std::string> out;
  Row row;
  while (t.next(row)) {
    std::string line;
    for (const auto& v : row) line += text(v) + "|";
    out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("the random numbers are pinned: the same on every platform") {
  // Integer arithmetic only; these values must never change, or seeds stop reproducing.
  Rng r(1, stream_id("x"), 1);
  CHECK(r.next() == 13345230619265083783ULL);
  CHECK(r.below(1000) == 81);
  CHECK(mix64(0) == 0);
  CHECK(stream_id("") == 0xcbf29ce484222325ULL);
}

TEST_CASE("scramble is a bijection on its bit width") {
  for (int bits : {8, 12, 16}) {
    std::set<std::uint64_t> seen;
    for (std::uint64_t x = 0; x < (1ULL << bits); ++x) {
      std::uint64_t y = scramble(x, 0x1234, bits);
      CHECK(y < (1ULL << bits));
      seen.insert(y);
    }
    CHECK(seen.size() == (1ULL << bits));
  }
}

TEST_CASE("skewed draws favour small values; weighted draws follow their weights") {
  Rng r(5, 6, 7);
  int low = 0, first = 0;
  for (int i = 0; i < 10000; ++i) {
    low += r.skewed(100, 3) < 20;
    first += r.weighted({1, 3}) == 0;
  }
  CHECK(low > 5000);  // (0.2)^(1/3) = 58%
  CHECK(first > 2200);
  CHECK(first < 2800);
}

TEST_CASE("values are formatted the same for every engine") {
  Value v;
  set_money(v, 123456);
  CHECK(*v == "1234.56");
  set_money(v, -5);
  CHECK(*v == "-0.05");
  set_money(v, 700);
  CHECK(*v == "7.00");
  set_time(v, epoch_seconds(2024, 2, 29, 23, 59, 58));
  CHECK(*v == "2024-02-29 23:59:58");
  set_time(v, 0);
  CHECK(*v == "1970-01-01 00:00:00");
  set_date(v, epoch_seconds(2000, 12, 31, 12));
  CHECK(*v == "2000-12-31");
  CHECK(epoch_seconds(2025, 1, 1) == 1735689600);
  set_bool(v, true);
  CHECK(*v == "1");
  compose(v, [](std::string& s) { append_slug(s, "Müller & Søn, Liège"); });
  CHECK(*v == "muller-son-liege");
  compose(v, [](std::string& s) { append_uuid(s, 0x0123456789abcdefULL, 42); });
  CHECK(v->size() == 36);
  CHECK(v->substr(14, 1) == "4");
  CHECK(v->substr(24) == "00000000002a");
}

TEST_CASE("an allotment gives every parent lo..hi children, addressable without counting") {
  Allotment a(1, 2, 100, 16, 24, 1, 2);
  std::uint64_t next = 1;
  for (std::uint64_t p = 1; p <= 100; ++p) {
    auto r = a.of(p);
    CHECK(r.first == next);
    CHECK(r.count >= 1);
    CHECK(r.count <= 2);
    next += r.count;
  }
  CHECK(a.total() == next - 1);
  CHECK(a.of(17).first == 25);  // the second block starts after the first's 24
}

TEST_CASE("every table knows its row count, and skipping rows lands where making them would") {
  for (const auto& v : verticals()) {
    for (auto& table : make_tables(v.name, {300, 9})) {
      CAPTURE(table->table());
      auto rows = all_rows(*table);
      CHECK(rows.size() == table->rows());
      CHECK(!rows.empty());
      std::set<std::string> distinct(rows.begin(), rows.end());
      CHECK(distinct.size() == rows.size());
      auto tables = make_tables(v.name, {300, 9});
      for (auto& again : tables) {
        if (again->table() != table->table()) continue;
        std::uint64_t k = rows.size() / 3;
        again->skip(k);
        auto rest = all_rows(*again);
        REQUIRE(rest.size() == rows.size() - k);
        CHECK(rest.front() == rows[k]);
        CHECK(rest.back() == rows.back());
      }
    }
  }
}

TEST_CASE("the main table has --scale rows; the others grow with it") {
  for (const auto& v : verticals()) {
    CAPTURE(v.name);
    auto small = make_tables(v.name, {1000, 1}), big = make_tables(v.name, {4000, 1});
    std::uint64_t small_total = 0, big_total = 0;
    for (std::size_t i = 0; i < small.size(); ++i) {
      if (small[i]->table() == v.main_table) {
        CHECK(small[i]->rows() == 1000);
        CHECK(big[i]->rows() == 4000);
      }
      small_total += small[i]->rows();
      big_total += big[i]->rows();
    }
    CHECK(big_total > 3 * small_total);
  }
}

TEST_CASE("the generators fill the built-in manifests' tables: every column they name, every required one") {
  for (const auto& v : verticals()) {
    plan::Desired desired = vertical_manifests(v.name, std::nullopt);
    auto tables = make_tables(v.name, {10, 1});
    CHECK(tables.size() == desired.schema.tables.size());
    std::set<std::string> seen;
    for (const auto& t : tables) {
      CAPTURE(t->table());
      const model::Table* m = desired.schema.find_table(t->table());
      REQUIRE(m);
      // Parents first: every foreign key points at a table made earlier (or at itself).
      for (const auto& fk : m->foreign_keys) CHECK((seen.count(fk.ref_table) || fk.ref_table == m->name));
      seen.insert(m->name);
      for (const auto& c : t->columns()) CHECK_MESSAGE(m->find_column(c), c);
      for (const auto& c : m->columns) {
        bool filled = std::find(t->columns().begin(), t->columns().end(), c.name) != t->columns().end();
        CHECK_MESSAGE(filled, "column " << c.name << " is not filled");
      }
    }
  }
}
