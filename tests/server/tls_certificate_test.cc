// The self-signed certificate of `serve --tls`: what it certifies, that its key matches, and that it
// is made once per data folder.
#include "server/tls_certificate.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <fstream>
#include <random>

namespace bulwark::server {
namespace {

constexpr int64_t kNow = 1795909500;

struct Parsed {
  X509* cert = nullptr;
  EVP_PKEY* key = nullptr;
  ~Parsed() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

void Parse(const SelfSignedPem& pem, Parsed& out) {
  BIO* c = BIO_new_mem_buf(pem.certificate.data(), static_cast<int>(pem.certificate.size()));
  BIO* k = BIO_new_mem_buf(pem.private_key.data(), static_cast<int>(pem.private_key.size()));
  out.cert = PEM_read_bio_X509(c, nullptr, nullptr, nullptr);
  out.key = PEM_read_bio_PrivateKey(k, nullptr, nullptr, nullptr);
  BIO_free(c);
  BIO_free(k);
}

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("bulwark-tls-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(SelfSignedCertificate, KeyMatchesTheCertificate) {
  auto pem = MakeSelfSignedCertificate(kNow);
  ASSERT_TRUE(pem.ok()) << pem.error().message;
  Parsed p;
  Parse(*pem, p);
  ASSERT_NE(p.cert, nullptr);
  ASSERT_NE(p.key, nullptr);
  EXPECT_EQ(X509_check_private_key(p.cert, p.key), 1);
  EXPECT_EQ(X509_verify(p.cert, p.key), 1);  // Self-signed.
  EXPECT_TRUE(EVP_PKEY_is_a(p.key, "EC"));
}

TEST(SelfSignedCertificate, CoversLoopbackAddressesAndLocalhost) {
  auto pem = MakeSelfSignedCertificate(kNow);
  ASSERT_TRUE(pem.ok());
  Parsed p;
  Parse(*pem, p);
  ASSERT_NE(p.cert, nullptr);
  EXPECT_EQ(X509_check_ip_asc(p.cert, "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(p.cert, "::1", 0), 1);
  EXPECT_EQ(X509_check_host(p.cert, "localhost", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_ip_asc(p.cert, "10.0.0.1", 0), 1);
}

TEST(SelfSignedCertificate, IsValidFromAnHourBeforeNow) {
  auto pem = MakeSelfSignedCertificate(kNow);
  ASSERT_TRUE(pem.ok());
  Parsed p;
  Parse(*pem, p);
  ASSERT_NE(p.cert, nullptr);
  time_t just_before = kNow - 3600 - 1;
  time_t at_start = kNow - 3600;
  EXPECT_EQ(X509_cmp_time(X509_get0_notBefore(p.cert), &just_before), 1);  // notBefore is later.
  EXPECT_EQ(X509_cmp_time(X509_get0_notBefore(p.cert), &at_start), -1);   // Equal compares as earlier.
  time_t in_nine_years = kNow + int64_t{9} * 365 * 24 * 3600;
  EXPECT_EQ(X509_cmp_time(X509_get0_notAfter(p.cert), &in_nine_years), 1);
}

TEST(SelfSignedCertificate, EachCallMakesANewKey) {
  auto a = MakeSelfSignedCertificate(kNow);
  auto b = MakeSelfSignedCertificate(kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->private_key, b->private_key);
}

TEST(EnsureSelfSignedCertificate, WritesTheKeyOwnerOnly) {
  TempDir dir;
  auto files = EnsureSelfSignedCertificate(dir.path(), kNow);
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_TRUE(files->generated);
  struct stat info {};
  ASSERT_EQ(::stat(files->private_key.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST(EnsureSelfSignedCertificate, KeepsThePairAcrossStarts) {
  TempDir dir;
  auto first = EnsureSelfSignedCertificate(dir.path(), kNow);
  ASSERT_TRUE(first.ok());
  const std::string cert = Slurp(first->certificate);
  auto second = EnsureSelfSignedCertificate(dir.path(), kNow + 86400);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->generated);
  EXPECT_EQ(Slurp(second->certificate), cert);
}

TEST(EnsureSelfSignedCertificate, RefusesToPairANewKeyWithAnOldCertificate) {
  TempDir dir;
  auto first = EnsureSelfSignedCertificate(dir.path(), kNow);
  ASSERT_TRUE(first.ok());
  std::filesystem::remove(first->private_key);
  auto second = EnsureSelfSignedCertificate(dir.path(), kNow);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "ServiceUnavailable");
}

}  // namespace
}  // namespace bulwark::server
