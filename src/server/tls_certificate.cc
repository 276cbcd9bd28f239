#include "server/tls_certificate.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <functional>
#include <memory>

namespace bulwark::server {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

constexpr int64_t kValiditySeconds = int64_t{10} * 365 * 24 * 3600;

core::Error Failed(const std::string& what) {
  return core::Error{"InternalFailure", "cannot make the TLS certificate: " + what};
}

core::Status AddExtension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (ext == nullptr || X509_add_ext(cert, ext.get(), -1) != 1) return Failed(std::string("extension ") + value);
  return core::Status::Ok();
}

core::Result<std::string> Pem(const std::function<int(BIO*)>& write) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || write(bio.get()) != 1) return Failed("PEM encoding");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

core::Status WriteFile(const std::filesystem::path& path, const std::string& content, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return core::Error{"ServiceUnavailable", "cannot create " + path.string()};
  const ssize_t written = ::write(fd, content.data(), content.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(content.size()) || !synced) {
    return core::Error{"ServiceUnavailable", "cannot write " + path.string()};
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<SelfSignedPem> MakeSelfSignedCertificate(int64_t now) {
  PkeyPtr key(EVP_EC_gen("P-256"));
  if (key == nullptr) return Failed("EC P-256 key generation");
  X509Ptr cert(X509_new());
  if (cert == nullptr || X509_set_version(cert.get(), X509_VERSION_3) != 1) return Failed("X509_new");

  // A random positive 159-bit serial (RFC 5280 section 4.1.2.2 allows up to 20 octets).
  BnPtr serial(BN_new());
  if (serial == nullptr || BN_rand(serial.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
    return Failed("serial number");
  }
  time_t not_before = static_cast<time_t>(now - 3600);  // Tolerates clients whose clock is a little behind.
  time_t not_after = static_cast<time_t>(now + kValiditySeconds);
  if (X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, 0, &not_before) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert.get()), 0, 0, &not_after) == nullptr) {
    return Failed("validity");
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Bulwark"), -1, -1,
                                 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1,
                                 -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key.get()) != 1) {
    return Failed("names");
  }
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE"},
                            {NID_key_usage, "critical,digitalSignature,keyCertSign"},
                            {NID_ext_key_usage, "serverAuth"},
                            {NID_subject_key_identifier, "hash"},
                            {NID_authority_key_identifier, "keyid:always"},
                            {NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"}}) {
    if (auto added = AddExtension(cert.get(), nid, value); !added.ok()) return added.error();
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return Failed("signing");

  SelfSignedPem out;
  auto cert_pem = Pem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); });
  if (!cert_pem.ok()) return cert_pem.error();
  auto key_pem = Pem([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  if (!key_pem.ok()) return key_pem.error();
  out.certificate = std::move(*cert_pem);
  out.private_key = std::move(*key_pem);
  return out;
}

core::Result<TlsFiles> EnsureSelfSignedCertificate(const std::filesystem::path& data_dir, int64_t now) {
  TlsFiles files{data_dir / kTlsCertificateFile, data_dir / kTlsPrivateKeyFile, false};
  std::error_code ec;
  const bool have_cert = std::filesystem::exists(files.certificate, ec);
  const bool have_key = std::filesystem::exists(files.private_key, ec);
  if (have_cert && have_key) return files;
  if (have_cert != have_key) {
    // Never pair a new key with an old certificate (or the reverse) behind the operator's back.
    return core::Error{"ServiceUnavailable", "only one of " + files.certificate.string() + " and " +
                                                 files.private_key.string() + " exists; remove it or restore the other"};
  }
  auto made = MakeSelfSignedCertificate(now);
  if (!made.ok()) return made.error();
  // The key first: a certificate without its key on disk would be refused at the next start.
  if (auto s = WriteFile(files.private_key, made->private_key, 0600); !s.ok()) return s.error();
  if (auto s = WriteFile(files.certificate, made->certificate, 0644); !s.ok()) return s.error();
  OPENSSL_cleanse(made->private_key.data(), made->private_key.size());
  files.generated = true;
  return files;
}

}  // namespace bulwark::server
