#pragma once
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace bcdb {

// SHA-256 of `data` as 64 lowercase hex digits (OpenSSL).
std::string sha256_hex(std::string_view data);

// Incremental SHA-256, for checksums over many files.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  std::string hex_digest();  // finishes the hash; call once

 private:
  struct Free {
    void operator()(evp_md_ctx_st* ctx) const noexcept;
  };
  std::unique_ptr<evp_md_ctx_st, Free> ctx_;
};

}  // namespace bcdb
