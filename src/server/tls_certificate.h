// The certificate `bulwark serve --tls` presents when none is configured: an EC P-256 key and a
// self-signed X.509 certificate for 127.0.0.1, ::1 and localhost, made with OpenSSL's EVP/X509 APIs
// on first start and kept in the data folder (tls-certificate.pem, tls-private-key.pem) so clients
// can pin it with `--ca-bundle` / `verify=` across restarts.
//
// The private key is a PEM file with mode 0600, like master.key beside it: sealing it under the
// master key would add nothing while both sit in the same folder, and a plain PEM lets operators
// swap in their own pair (tls_certificate_file / tls_private_key_file) with the same tools.
// The certificate is marked CA:TRUE like `openssl req -x509` makes it, because clients that verify
// strictly (Python 3.13's VERIFY_X509_STRICT) refuse a trust anchor that is not a CA; it is valid
// from an hour before `now` for ten years.
// Thread-safety: functions over the file system; call from one thread at start-up.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.h"

namespace bulwark::server {

struct TlsFiles {
  std::filesystem::path certificate;  // PEM certificate chain.
  std::filesystem::path private_key;  // PEM private key, mode 0600.
  bool generated = false;             // Made by this call.
};

inline constexpr const char* kTlsCertificateFile = "tls-certificate.pem";
inline constexpr const char* kTlsPrivateKeyFile = "tls-private-key.pem";

// Returns the pair in `data_dir`, generating it when neither file exists. Errors: InternalFailure
// when OpenSSL fails, ServiceUnavailable when the files cannot be written or only one exists.
core::Result<TlsFiles> EnsureSelfSignedCertificate(const std::filesystem::path& data_dir, int64_t now);

// The same certificate and key as PEM text, without touching the file system.
struct SelfSignedPem {
  std::string certificate;
  std::string private_key;
};
core::Result<SelfSignedPem> MakeSelfSignedCertificate(int64_t now);

}  // namespace bulwark::server
