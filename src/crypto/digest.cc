#include "crypto/digest.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace bulwark::crypto {

namespace {

// EVP digest calls fail only on allocation failure or a broken OpenSSL build; a digest we cannot
// compute must never be faked, so this is a broken invariant, not a client error.
void CheckOpenSsl(int rc) {
  if (rc != 1) std::abort();
}

// OpenSSL 3 resolves EVP_sha256() through its provider registry on every init (a locked lookup
// that costs more than hashing a short input). Fetching the implementation once and handing the
// fetched object to every call skips that; the object is immutable and safe to share.
const EVP_MD* Sha256Md() {
  static EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) std::abort();
    return fetched;
  }();
  return md;
}

}  // namespace

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest out{};
  unsigned int size = 0;
  CheckOpenSsl(EVP_Digest(data.data(), data.size(), out.data(), &size, Sha256Md(), nullptr));
  return out;
}

std::string Sha256Hex(std::string_view data) {
  const Sha256Digest digest = Sha256(data);
  return HexEncode(digest.data(), digest.size());
}

struct Sha256Hasher::State {
  struct Free {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx{EVP_MD_CTX_new()};
};

Sha256Hasher::Sha256Hasher() : state_(std::make_unique<State>()) {
  if (state_->ctx == nullptr) std::abort();
  CheckOpenSsl(EVP_DigestInit_ex(state_->ctx.get(), Sha256Md(), nullptr));
}

Sha256Hasher::~Sha256Hasher() = default;
Sha256Hasher::Sha256Hasher(Sha256Hasher&&) noexcept = default;
Sha256Hasher& Sha256Hasher::operator=(Sha256Hasher&&) noexcept = default;

void Sha256Hasher::Update(std::string_view data) {
  CheckOpenSsl(EVP_DigestUpdate(state_->ctx.get(), data.data(), data.size()));
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest out{};
  unsigned int size = 0;
  CheckOpenSsl(EVP_DigestFinal_ex(state_->ctx.get(), out.data(), &size));
  CheckOpenSsl(EVP_DigestInit_ex(state_->ctx.get(), Sha256Md(), nullptr));
  return out;
}

}  // namespace bulwark::crypto
