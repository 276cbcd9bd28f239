#include "trail/digest_file.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/digest.h"

namespace bulwark::trail {

namespace {

boost::json::value OrNull(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

core::Error Invalid(const std::string& what) { return core::Error{"InvalidDigestFile", "digest file: " + what}; }

core::Result<std::string> Text(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || !v->is_string()) return Invalid(std::string(name) + " must be a string");
  return std::string(v->get_string());
}

core::Result<std::optional<std::string>> TextOrNull(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr) return Invalid(std::string(name) + " is missing");
  if (v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return Invalid(std::string(name) + " must be a string or null");
  return std::optional<std::string>(std::string(v->get_string()));
}

core::Result<int64_t> Int(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || !v->is_int64()) return Invalid(std::string(name) + " must be an integer");
  return v->get_int64();
}

#define BULWARK_ASSIGN(target, expr)      \
  do {                                    \
    auto bulwark_r = (expr);              \
    if (!bulwark_r.ok()) return bulwark_r.error(); \
    target = std::move(*bulwark_r);       \
  } while (false)

core::Result<DigestLogFile> ParseLogFile(const boost::json::value& v) {
  if (!v.is_object()) return Invalid("each logFiles entry must be an object");
  const auto& o = v.get_object();
  DigestLogFile f;
  BULWARK_ASSIGN(f.s3_bucket, Text(o, "s3Bucket"));
  BULWARK_ASSIGN(f.s3_object, Text(o, "s3Object"));
  BULWARK_ASSIGN(f.hash_value, Text(o, "hashValue"));
  BULWARK_ASSIGN(f.hash_algorithm, Text(o, "hashAlgorithm"));
  BULWARK_ASSIGN(f.newest_event_time, Text(o, "newestEventTime"));
  BULWARK_ASSIGN(f.oldest_event_time, Text(o, "oldestEventTime"));
  // AWS's own digests have no chain fields; they parse, and the verifier reports what is missing.
  if (o.if_contains("bulwarkFirstSequence") == nullptr) return f;
  BULWARK_ASSIGN(f.first_sequence, Int(o, "bulwarkFirstSequence"));
  BULWARK_ASSIGN(f.last_sequence, Int(o, "bulwarkLastSequence"));
  BULWARK_ASSIGN(f.previous_hash, Text(o, "bulwarkPreviousHash"));
  BULWARK_ASSIGN(f.last_hash, Text(o, "bulwarkLastHash"));
  return f;
}

}  // namespace

std::string SerializeDigest(const DigestFile& d) {
  boost::json::array files;
  for (const auto& f : d.log_files) {
    files.push_back(boost::json::object{{"s3Bucket", f.s3_bucket},
                                        {"s3Object", f.s3_object},
                                        {"hashValue", f.hash_value},
                                        {"hashAlgorithm", f.hash_algorithm},
                                        {"newestEventTime", f.newest_event_time},
                                        {"oldestEventTime", f.oldest_event_time},
                                        {"bulwarkFirstSequence", f.first_sequence},
                                        {"bulwarkLastSequence", f.last_sequence},
                                        {"bulwarkPreviousHash", f.previous_hash},
                                        {"bulwarkLastHash", f.last_hash}});
  }
  // boost::json::object keeps insertion order: the documented order.
  boost::json::object o{{"awsAccountId", d.aws_account_id},
                        {"digestStartTime", d.digest_start_time},
                        {"digestEndTime", d.digest_end_time},
                        {"digestS3Bucket", d.digest_s3_bucket},
                        {"digestS3Object", d.digest_s3_object},
                        {"digestPublicKeyFingerprint", d.digest_public_key_fingerprint},
                        {"digestSignatureAlgorithm", d.digest_signature_algorithm},
                        {"newestEventTime", OrNull(d.newest_event_time)},
                        {"oldestEventTime", OrNull(d.oldest_event_time)},
                        {"previousDigestS3Bucket", OrNull(d.previous_digest_s3_bucket)},
                        {"previousDigestS3Object", OrNull(d.previous_digest_s3_object)},
                        {"previousDigestHashValue", OrNull(d.previous_digest_hash_value)},
                        {"previousDigestHashAlgorithm", OrNull(d.previous_digest_hash_algorithm)},
                        {"previousDigestSignature", OrNull(d.previous_digest_signature)},
                        {"logFiles", std::move(files)}};
  return boost::json::serialize(o);
}

core::Result<DigestFile> ParseDigest(std::string_view body) {
  if (body.size() > kMaxDigestBytes) return Invalid("larger than " + std::to_string(kMaxDigestBytes) + " bytes");
  boost::json::parse_options options;
  options.max_depth = 8;
  boost::system::error_code ec;
  boost::json::value root = boost::json::parse(body, ec, {}, options);
  if (ec) return Invalid("not JSON: " + ec.message());
  if (!root.is_object()) return Invalid("must be a JSON object");
  const auto& o = root.get_object();
  DigestFile d;
  BULWARK_ASSIGN(d.aws_account_id, Text(o, "awsAccountId"));
  BULWARK_ASSIGN(d.digest_start_time, Text(o, "digestStartTime"));
  BULWARK_ASSIGN(d.digest_end_time, Text(o, "digestEndTime"));
  BULWARK_ASSIGN(d.digest_s3_bucket, Text(o, "digestS3Bucket"));
  BULWARK_ASSIGN(d.digest_s3_object, Text(o, "digestS3Object"));
  BULWARK_ASSIGN(d.digest_public_key_fingerprint, Text(o, "digestPublicKeyFingerprint"));
  BULWARK_ASSIGN(d.digest_signature_algorithm, Text(o, "digestSignatureAlgorithm"));
  BULWARK_ASSIGN(d.newest_event_time, TextOrNull(o, "newestEventTime"));
  BULWARK_ASSIGN(d.oldest_event_time, TextOrNull(o, "oldestEventTime"));
  BULWARK_ASSIGN(d.previous_digest_s3_bucket, TextOrNull(o, "previousDigestS3Bucket"));
  BULWARK_ASSIGN(d.previous_digest_s3_object, TextOrNull(o, "previousDigestS3Object"));
  BULWARK_ASSIGN(d.previous_digest_hash_value, TextOrNull(o, "previousDigestHashValue"));
  BULWARK_ASSIGN(d.previous_digest_hash_algorithm, TextOrNull(o, "previousDigestHashAlgorithm"));
  BULWARK_ASSIGN(d.previous_digest_signature, TextOrNull(o, "previousDigestSignature"));
  const auto* files = o.if_contains("logFiles");
  if (files == nullptr || !files->is_array()) return Invalid("logFiles must be a list");
  if (files->get_array().size() > kMaxDigestLogFiles) return Invalid("too many logFiles");
  for (const auto& f : files->get_array()) {
    auto parsed = ParseLogFile(f);
    if (!parsed.ok()) return parsed.error();
    d.log_files.push_back(std::move(*parsed));
  }
  return d;
}

#undef BULWARK_ASSIGN

std::string DigestSigningString(const DigestFile& d, std::string_view body) {
  return d.digest_end_time + "\n" + d.digest_s3_bucket + "/" + d.digest_s3_object + "\n" + crypto::Sha256Hex(body) +
         "\n" + d.previous_digest_signature.value_or("null");
}

}  // namespace bulwark::trail
