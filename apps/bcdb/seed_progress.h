#pragma once
// What bcdb seed shows while it runs: on a terminal a progress bar per table with rows/s,
// redrawn in place; elsewhere (pipes, CI, --quiet) one line per table once it is done.
#include <chrono>
#include <iosfwd>
#include <string>

#include "progress_format.h"
#include "report/style.h"
#include "seed/seeder.h"

namespace bcdb::app {

class SeedProgress final : public seed::Observer {
 public:
  enum class Mode { none, lines, bar };
  SeedProgress(std::ostream& out, const report::Style& style, Mode mode) : out_(out), style_(style), mode_(mode) {}

  void waiting_for_lock() override;
  void table_started(const seed::TableResult& table) override;
  void progress(const seed::TableResult& table) override;
  void table_finished(const seed::TableResult& table) override;

 private:
  std::ostream& out_;
  const report::Style& style_;
  Mode mode_;
  std::chrono::steady_clock::time_point last_draw_;
  std::size_t drawn_ = 0;  // width of the bar line on screen
};

}  // namespace bcdb::app
