#pragma once
// Server-side migration locks are taken by polling a non-blocking "try" call, so that the
// waiting session sits outside any transaction and stays interruptible.
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "support/error.h"

namespace bcdb::dialect {

// Calls `attempt` until it returns true; LockTimeout with `holder` named once `wait` is over.
inline void poll_for_lock(std::chrono::milliseconds wait, const std::function<bool()>& attempt,
                          const std::string& holder) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (!attempt()) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw LockTimeout("another bcdb migrate holds the migration lock of " + holder + "; gave up after " +
                        std::to_string(wait.count()) + " ms");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace bcdb::dialect
