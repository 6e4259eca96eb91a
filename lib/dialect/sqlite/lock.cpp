#include "dialect/sqlite/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "support/error.h"

namespace bcdb::dialect::sqlite {
namespace {

class FileLock final : public MigrationLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  ~FileLock() override {
    flock(fd_, LOCK_UN);
    close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

class NoLock final : public MigrationLock {};

}  // namespace

std::unique_ptr<MigrationLock> lock_file(const std::filesystem::path& file, const std::string& shown,
                                         std::chrono::milliseconds wait) {
  if (file.empty()) return std::make_unique<NoLock>();
  // The file's identity may have changed since it was opened (created by this run): resolve again.
  std::error_code ec;
  std::filesystem::path resolved = std::filesystem::weakly_canonical(file, ec);
  std::string path = (ec ? file : resolved).string() + ".bcdb-lock";
  const std::string& database_path = shown;
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw DatabaseError("cannot open the migration lock file '" + path + "': " + std::strerror(errno));
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int error = errno;
      close(fd);
      throw DatabaseError("cannot lock '" + path + "': " + std::strerror(error));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      close(fd);
      throw LockTimeout("another bcdb migrate holds the migration lock of '" + database_path + "' (" + path +
                        "); gave up after " + std::to_string(wait.count()) + " ms");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::make_unique<FileLock>(fd);
}

}  // namespace bcdb::dialect::sqlite
