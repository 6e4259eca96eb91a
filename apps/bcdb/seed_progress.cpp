#include "seed_progress.h"

#include <fmt/format.h>

#include <ostream>

namespace bcdb::app {
namespace {

constexpr int kNameWidth = 18;
constexpr int kBarWidth = 24;

}  // namespace

void SeedProgress::waiting_for_lock() {
  if (mode_ != Mode::none)
    out_ << "waiting for the migration lock: a bcdb migrate or seed is running on this database...\n" << std::flush;
}

void SeedProgress::table_started(const seed::TableResult&) {
  last_draw_ = std::chrono::steady_clock::now();
  drawn_ = 0;
}

void SeedProgress::progress(const seed::TableResult& t) {
  if (mode_ != Mode::bar) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  std::uint64_t done = t.existing + t.inserted;
  auto filled = static_cast<int>(t.rows ? done * kBarWidth / t.rows : kBarWidth);
  std::string line = fmt::format("  {:<{}} [{}{}] {:>3}%  {}/{}  {}", t.table, kNameWidth, std::string(filled, '#'),
                                 std::string(kBarWidth - filled, '.'), t.rows ? done * 100 / t.rows : 100,
                                 grouped(done), grouped(t.rows), rate(t.inserted, t.seconds));
  std::size_t width = line.size();
  if (width < drawn_) line.append(drawn_ - width, ' ');
  drawn_ = width;
  out_ << '\r' << line << std::flush;
}

void SeedProgress::table_finished(const seed::TableResult& t) {
  if (mode_ == Mode::none) return;
  std::string what;
  if (t.inserted == 0) what = style_.dim("already there");
  else if (t.existing == 0) what = fmt::format("in {:.2f} s  {}", t.seconds, rate(t.inserted, t.seconds));
  else
    what = fmt::format("{} added to {} already there, in {:.2f} s  {}", grouped(t.inserted), grouped(t.existing),
                       t.seconds, rate(t.inserted, t.seconds));
  std::string line = fmt::format("  {:<{}} {:>11} rows  {}", t.table, kNameWidth, grouped(t.rows), what);
  if (mode_ == Mode::bar) {
    out_ << '\r' << line;
    if (line.size() < drawn_) out_ << std::string(drawn_ - line.size(), ' ');
  } else {
    out_ << line;
  }
  out_ << "\n" << std::flush;
}

}  // namespace bcdb::app
