// A fixed-rate write load on MySQL/MariaDB for tests/bench/online_mysql.sh, in the manner of
// `pgbench -R`: transaction k is scheduled at start + k / RATE, whichever of the THREADS
// connections is free takes the next one, waits for its scheduled time, and runs
//   UPDATE accounts SET balance = balance + 1 WHERE id = <random existing id>;
//   INSERT INTO accounts (id, owner_id, balance, status, note) VALUES (<fresh id>, <random owner>, 0, 'open', 'new');
//   COMMIT;
// Latency counts from the scheduled start, so a writer held by a lock, and the backlog behind
// it, shows up as late transactions. Runs until SIGINT or SIGTERM, then writes one line per
// transaction to LOG: scheduled start (epoch microseconds), latency (microseconds), thread,
// and 0 or the error number of a transaction that failed (it is not retried).
//
// build: g++ -O2 -std=c++17 -pthread loadgen.cpp -o loadgen -lmysqlcppconn
// usage: MYSQL_PWD=... loadgen HOST PORT USER DATABASE THREADS RATE ROWS OWNERS LOG
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>
#include <mysql_driver.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> stop{false};
std::atomic<std::int64_t> next_tx{0};

void on_signal(int) { stop = true; }

struct Record {
  std::int64_t scheduled_us;  // since start
  std::int64_t latency_us;
  int error;
};

struct Config {
  std::string host, user, password, database;
  int port = 3306, threads = 4;
  double rate = 400;
  std::int64_t rows = 0, owners = 0;
  bool text_protocol = false;  // LOADGEN_TEXT=1: plain statements instead of server-side prepared ones
};

std::int64_t micros(Clock::duration d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); }

void worker(const Config& cfg, sql::Driver* driver, Clock::time_point start, int id, std::vector<Record>& out,
            std::atomic<int>& ready, std::atomic<int>& failed) {
  driver->threadInit();
  try {
    sql::ConnectOptionsMap o;
    o["hostName"] = sql::SQLString("tcp://" + cfg.host + ":" + std::to_string(cfg.port));
    o["userName"] = sql::SQLString(cfg.user);
    o["password"] = sql::SQLString(cfg.password);
    o["schema"] = sql::SQLString(cfg.database);
    std::unique_ptr<sql::Connection> c(driver->connect(o));
    c->setAutoCommit(false);
    std::unique_ptr<sql::PreparedStatement> update(
        c->prepareStatement("UPDATE accounts SET balance = balance + 1 WHERE id = ?"));
    std::unique_ptr<sql::PreparedStatement> insert(c->prepareStatement(
        "INSERT INTO accounts (id, owner_id, balance, status, note) VALUES (?, ?, 0, 'open', 'new')"));
    std::unique_ptr<sql::Statement> text(c->createStatement());
    std::mt19937_64 rng(0x9e3779b97f4a7c15ULL * static_cast<unsigned>(id + 1) + micros(Clock::now().time_since_epoch()));
    std::uniform_int_distribution<std::int64_t> existing(1, cfg.rows), owner(1, cfg.owners),
        fresh(cfg.rows + 1, INT64_C(9000000000000000000));
    out.reserve(1 << 16);
    int reported = 0;
    ++ready;
    while (ready.load() < cfg.threads && !stop) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    while (!stop) {
      std::int64_t k = next_tx++;
      auto scheduled = start + std::chrono::microseconds(static_cast<std::int64_t>(k * 1e6 / cfg.rate));
      std::this_thread::sleep_until(scheduled);
      if (stop) break;
      int error = 0;
      try {
        if (cfg.text_protocol) {
          // As drivers that bind values client-side send them (JDBC's default, PDO's).
          text->execute("UPDATE accounts SET balance = balance + 1 WHERE id = " + std::to_string(existing(rng)));
          text->execute("INSERT INTO accounts (id, owner_id, balance, status, note) VALUES (" + std::to_string(fresh(rng)) +
                        ", " + std::to_string(owner(rng)) + ", 0, 'open', 'new')");
        } else {
          update->setInt64(1, existing(rng));
          update->executeUpdate();
          insert->setInt64(1, fresh(rng));
          insert->setInt64(2, owner(rng));
          insert->executeUpdate();
        }
        c->commit();
      } catch (const sql::SQLException& e) {
        error = e.getErrorCode() ? e.getErrorCode() : -1;
        // The first failure of each connection, in words: the code alone rarely says which table.
        if (!reported++) std::fprintf(stderr, "loadgen thread %d: a transaction failed: %s (error %d)\n", id, e.what(), error);
        try {
          c->rollback();
        } catch (const sql::SQLException&) {
        }
      }
      out.push_back({micros(scheduled - start), micros(Clock::now() - scheduled), error});
    }
  } catch (const sql::SQLException& e) {
    std::fprintf(stderr, "loadgen thread %d: %s (error %d)\n", id, e.what(), e.getErrorCode());
    ++failed;
    ++ready;
    stop = true;
  }
  driver->threadEnd();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 10) {
    std::fprintf(stderr, "usage: MYSQL_PWD=... loadgen HOST PORT USER DATABASE THREADS RATE ROWS OWNERS LOG\n");
    return 2;
  }
  Config cfg;
  cfg.host = argv[1];
  cfg.port = std::atoi(argv[2]);
  cfg.user = argv[3];
  cfg.database = argv[4];
  cfg.threads = std::atoi(argv[5]);
  cfg.rate = std::atof(argv[6]);
  cfg.rows = std::atoll(argv[7]);
  cfg.owners = std::atoll(argv[8]);
  const char* log_path = argv[9];
  if (const char* p = std::getenv("MYSQL_PWD")) cfg.password = p;
  if (const char* t = std::getenv("LOADGEN_TEXT")) cfg.text_protocol = std::string(t) == "1";
  if (cfg.threads < 1 || cfg.rate <= 0 || cfg.rows < 1 || cfg.owners < 1) {
    std::fprintf(stderr, "loadgen: THREADS, RATE, ROWS and OWNERS must be positive\n");
    return 2;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  sql::Driver* driver = sql::mysql::get_driver_instance();  // once, in the main thread; never deleted
  std::vector<std::vector<Record>> records(cfg.threads);
  std::vector<std::thread> threads;
  std::atomic<int> ready{0}, failed{0};
  // The schedule starts once every connection is open (connecting is not part of the load).
  auto start = Clock::now() + std::chrono::seconds(1);
  auto start_epoch_us = micros(std::chrono::system_clock::now().time_since_epoch()) + 1000000;
  for (int i = 0; i < cfg.threads; ++i)
    threads.emplace_back(worker, std::cref(cfg), driver, start, i, std::ref(records[i]), std::ref(ready), std::ref(failed));
  for (auto& t : threads) t.join();
  if (failed) return 3;

  std::FILE* log = std::fopen(log_path, "w");
  if (!log) {
    std::perror(log_path);
    return 3;
  }
  std::size_t n = 0;
  for (int i = 0; i < cfg.threads; ++i)
    for (const auto& r : records[i]) {
      std::fprintf(log, "%lld %lld %d %d\n", static_cast<long long>(start_epoch_us + r.scheduled_us),
                   static_cast<long long>(r.latency_us), i, r.error);
      ++n;
    }
  std::fclose(log);
  std::fprintf(stderr, "loadgen: %zu transactions logged\n", n);
  return 0;
}
