#include "trail/trail_export.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "crypto/rsa.h"
#include "trail/gzip.h"
#include "trail/public_key_list.h"
#include "trail/store_evidence.h"

namespace bulwark::trail {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDigestFolder = "/CloudTrail-Digest/";
constexpr std::string_view kLogFolder = "/CloudTrail/";
constexpr std::size_t kMaxSideFileBytes = 64 * 1024 * 1024;

// `inner` lies in `outer`, both absolute and normal.
bool Within(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (o->empty() && std::next(o) == outer.end()) break;  // "dir/" ends with an empty element.
    if (i == inner.end() || *o != *i) return false;
  }
  return true;
}

// Writes `data` at `key` under `dir`, refusing any key that could land outside it. Keys are
// built from values read back from the store (account id, region, key fingerprints), which a store
// made before they were validated, or edited since, may have filled with path components.
core::Status WriteFile(const fs::path& dir, std::string_view key, std::string_view data) {
  auto path = PathInside(dir, key);
  if (!path.ok()) return path.error();
  // A symbolic link inside the folder must not lead out of it: checked before any folder is made
  // (the existing part of the path resolves) and again once they exist (the file itself may be a link).
  std::error_code ec;
  const fs::path real_dir = fs::canonical(dir, ec);
  for (int pass = 0; pass < 2 && !ec; ++pass) {
    const fs::path real_path = fs::weakly_canonical(*path, ec);
    if (!ec && !Within(real_dir, real_path)) {
      return core::Error{"InvalidParameterValue", "refusing to write " + path->string() +
                                                      ": it resolves to " + real_path.string() +
                                                      ", outside " + real_dir.string()};
    }
    if (pass == 0 && !ec) fs::create_directories(path->parent_path(), ec);
  }
  std::ofstream out(*path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (ec || !out) return core::Error{"InternalFailure", "cannot write " + path->string()};
  return {};
}

// nullopt when the file does not exist; an error when it is unreadable or too large.
core::Result<std::optional<std::string>> ReadFile(const fs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::optional<std::string>();
  const auto size = fs::file_size(path, ec);
  if (ec) return core::Error{"InternalFailure", "cannot read " + path.string()};
  if (size > max_bytes) return core::Error{std::string(kGzipCorrupt), path.string() + " is larger than " + std::to_string(max_bytes) + " bytes"};
  std::ifstream in(path, std::ios::binary);
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (!in) return core::Error{"InternalFailure", "cannot read " + path.string()};
  return std::optional<std::string>(std::move(data));
}

std::string MetadataJson(const std::string& signature_hex) {
  return boost::json::serialize(boost::json::object{{"signature", signature_hex}, {"signature-algorithm", "SHA256withRSA"}});
}

std::optional<std::string> SignatureFromMetadata(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 4;
  auto v = boost::json::parse(text, ec, {}, options);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* s = v.get_object().if_contains("signature");
  if (s == nullptr || !s->is_string() || s->get_string().size() > 2 * crypto::kMaxRsaSignatureBytes) return std::nullopt;
  return std::string(s->get_string());
}

std::string Relative(const fs::path& root, const fs::path& p) { return p.lexically_relative(root).generic_string(); }

}  // namespace

core::Result<fs::path> PathInside(const fs::path& dir, std::string_view key) {
  auto refuse = [&](const char* why) {
    std::string shown;
    for (char c : key.substr(0, 200)) shown += c >= 0x20 && c < 0x7f ? c : '?';
    return core::Error{"InvalidParameterValue", "refusing the object key '" + shown + "': " + why};
  };
  if (key.empty()) return refuse("it is empty");
  if (key.front() == '/') return refuse("it is an absolute path");
  for (std::size_t start = 0; start <= key.size();) {
    const auto slash = std::min(key.find('/', start), key.size());
    const std::string_view part = key.substr(start, slash - start);
    if (part.empty()) return refuse("it has an empty path component");
    if (part == "." || part == "..") return refuse("it has a . or .. path component");
    if (part.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
      return refuse("it has a backslash or NUL");
    }
    start = slash + 1;
  }
  // Plain names only, so the result cannot leave `dir` lexically.
  return dir / fs::path(std::string(key));
}

core::Result<std::vector<std::string>> ParseChainFile(std::string_view text, std::size_t max_hashes) {
  auto invalid = [](const std::string& w) { return core::Error{"InvalidChainFile", "chain file: " + w}; };
  if (text.size() > kMaxSideFileBytes) return invalid("too large");
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 4;
  auto v = boost::json::parse(text, ec, {}, options);
  if (ec || !v.is_object()) return invalid("not a JSON object");
  const auto* hashes = v.get_object().if_contains("hashes");
  if (hashes == nullptr || !hashes->is_array() || hashes->get_array().size() > max_hashes) return invalid("hashes must be a bounded list");
  std::vector<std::string> out;
  for (const auto& h : hashes->get_array()) {
    if (!h.is_string() || h.get_string().size() != 64) return invalid("each hash must be 64 hex characters");
    out.emplace_back(h.get_string());
  }
  return out;
}

core::Result<ExportSummary> ExportTrail(store::ReadView& view, const fs::path& to) {
  ExportSummary summary;
  std::error_code ec;
  fs::create_directories(to, ec);
  const fs::path dir = fs::absolute(to, ec);
  if (ec) return core::Error{"InternalFailure", "cannot create " + to.string() + ": " + ec.message()};
  auto digests = LoadStoredDigests(view);
  if (!digests.ok()) return digests.error();
  for (const auto& d : *digests) {
    for (const auto& f : d.digest.log_files) {
      auto log = RebuildLogFile(view, f.first_sequence, f.last_sequence);
      if (!log.ok()) return log.error();
      auto gz = GzipCompress(log->body);
      if (!gz.ok()) return gz.error();
      core::Status w = WriteFile(dir, f.s3_object, *gz);
      if (!w.ok()) return w.error();
      boost::json::array hashes;
      for (const auto& h : log->reference_hashes) hashes.emplace_back(h);
      w = WriteFile(dir, "bulwark/chain/" + f.s3_object + ".json",
                    boost::json::serialize(boost::json::object{{"firstSequence", f.first_sequence},
                                                               {"hashes", std::move(hashes)}}));
      if (!w.ok()) return w.error();
      ++summary.log_files;
    }
    auto gz = GzipCompress(d.body);
    if (!gz.ok()) return gz.error();
    core::Status w = WriteFile(dir, d.s3_object, *gz);
    if (!w.ok()) return w.error();
    w = WriteFile(dir, "bulwark/metadata/" + d.s3_object + ".json", MetadataJson(d.signature_hex));
    if (!w.ok()) return w.error();
    ++summary.digests;
  }
  auto keys = AllTrailPublicKeys(view);
  if (!keys.ok()) return keys.error();
  core::Status w = WriteFile(dir, "bulwark/public-keys.json", SerializePublicKeyList(*keys));
  if (!w.ok()) return w.error();
  for (const auto& k : *keys) {
    auto pem = crypto::RsaPublicKeyPem(k.der);
    if (!pem.ok()) return pem.error();
    w = WriteFile(dir, "bulwark/public-keys/" + k.fingerprint + ".pem", *pem);
    if (!w.ok()) return w.error();
  }
  summary.public_keys = static_cast<int64_t>(keys->size());
  auto max_seq = view.QueryOne("SELECT seq FROM trail_events ORDER BY seq DESC LIMIT 1");
  if (!max_seq.ok()) return max_seq.error();
  const int64_t last = *max_seq ? (*max_seq)->Int64(0).ok() ? *(*max_seq)->Int64(0) : 0 : 0;
  const int64_t sealed = digests->empty() ? 0 : [&] {
    int64_t s = 0;
    for (const auto& d : *digests) {
      for (const auto& f : d.digest.log_files) s = std::max(s, f.last_sequence);
    }
    return s;
  }();
  summary.unsealed_records = std::max<int64_t>(0, last - sealed);
  return summary;
}

core::Result<VerifyInput> LoadExportedTrail(const fs::path& dir, const std::optional<fs::path>& public_keys_file,
                                            const ExportLimits& limits) {
  std::error_code ec;
  if (!fs::is_directory(dir / "AWSLogs", ec)) {
    return core::Error{"InvalidParameterValue", dir.string() + " holds no AWSLogs folder"};
  }
  VerifyInput input;
  std::map<std::string, std::size_t> digest_index;
  for (auto it = fs::recursive_directory_iterator(dir / "AWSLogs", ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string key = Relative(dir, it->path());
    if (!key.ends_with(".json.gz")) continue;
    if (key.find(kDigestFolder) != std::string::npos) {
      DigestArtifact a;
      a.s3_object = key;
      auto raw = ReadFile(it->path(), limits.max_file_bytes);
      if (!raw.ok()) {
        a.error = raw.error().message;
      } else {
        auto body = GzipDecompress(**raw, kMaxDigestBytes);
        if (body.ok()) {
          a.body = std::move(*body);
        } else {
          a.error = body.error().message;
        }
      }
      digest_index[key] = input.digests.size();
      input.digests.push_back(std::move(a));
    } else if (key.find(kLogFolder) != std::string::npos) {
      input.present_log_objects.push_back(key);
    }
  }
  if (ec) return core::Error{"InvalidParameterValue", "cannot list " + dir.string() + ": " + ec.message()};
  // Signatures beside the digests; one whose digest is gone marks a deleted digest.
  const fs::path meta_root = dir / "bulwark" / "metadata";
  if (fs::is_directory(meta_root, ec)) {
    for (auto it = fs::recursive_directory_iterator(meta_root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      std::string key = Relative(meta_root, it->path());
      if (!key.ends_with(".json.gz.json")) continue;
      key.resize(key.size() - 5);
      auto text = ReadFile(it->path(), kMaxSideFileBytes);
      std::optional<std::string> sig = text.ok() && *text ? SignatureFromMetadata(**text) : std::nullopt;
      auto found = digest_index.find(key);
      if (found != digest_index.end()) {
        input.digests[found->second].signature_hex = sig;
      } else {
        DigestArtifact a;
        a.s3_object = key;
        a.error = "the digest file is missing (its signature file remains)";
        input.digests.push_back(std::move(a));
      }
    }
  }
  const fs::path keys_path = public_keys_file.value_or(dir / "bulwark" / "public-keys.json");
  auto keys_text = ReadFile(keys_path, kMaxPublicKeyListBytes);
  if (!keys_text.ok() || !*keys_text) {
    return core::Error{"InvalidParameterValue", "cannot read the public keys from " + keys_path.string()};
  }
  auto keys = ParsePublicKeyList(**keys_text);
  if (!keys.ok()) return keys.error();
  input.public_keys = std::move(*keys);
  // The loader only reads files, so log files can be checked on every core.
  input.threads = std::max(1u, std::thread::hardware_concurrency());
  input.load_log = [dir, limits](const std::string& object) {
    LogArtifact log;
    // The key comes from a digest file, which is as untrusted as the rest of the folder.
    auto path = PathInside(dir, object);
    if (!path.ok()) {
      log.state = LogArtifact::State::kCorrupt;
      log.error = path.error().message;
      return log;
    }
    auto raw = ReadFile(*path, limits.max_file_bytes);
    if (!raw.ok()) {
      log.state = LogArtifact::State::kCorrupt;
      log.error = raw.error().message;
      return log;
    }
    if (!*raw) return log;  // kMissing
    auto body = GzipDecompress(**raw, limits.max_log_body_bytes);
    if (!body.ok()) {
      log.state = body.error().code == kGzipTruncated ? LogArtifact::State::kTruncated : LogArtifact::State::kCorrupt;
      log.error = body.error().message;
      return log;
    }
    log.state = LogArtifact::State::kPresent;
    log.body = std::move(*body);
    auto chain = ReadFile(dir / "bulwark" / "chain" / (object + ".json"), kMaxSideFileBytes);
    if (chain.ok() && *chain) {
      auto hashes = ParseChainFile(**chain, 10'000'000);
      if (hashes.ok()) log.reference_hashes = std::move(*hashes);
    }
    return log;
  };
  return input;
}

}  // namespace bulwark::trail
