// Cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(+WithoutPlaintext),
// GenerateDataKeyPair(+WithoutPlaintext), GenerateRandom, Sign, Verify, GetPublicKey, GenerateMac,
// VerifyMac. Their records carry no plaintext, key or message: the model marks those members
// sensitive and responseElements stay null, as AWS records data-plane calls.
#include "crypto/base64.h"
#include "crypto/cleanse.h"
#include "crypto/constant_time.h"
#include "crypto/random.h"
#include "kms/ciphertext.h"
#include "kms/key_material.h"
#include "kms/key_store.h"
#include "services/kms/kms_common.h"

namespace bulwark::services::kms_ops {

namespace {

// ServedFromCache: the data-plane operations below declare Operation::uses_store false. A steady
// client's calls find the key and its unsealed material in the key cache (kms/key_cache.h) and
// read nothing, so they run where the call is, with no snapshot; a miss (or an alias, or a due
// rotation) touches the store, is refused and runs again on a snapshot, as the executor does for
// any handler that reads anyway.

core::Error InvalidUsage(const kms::KeyRecord& key, std::string_view operation) {
  return core::Error{"InvalidKeyUsageException",
                     key.arn + " key usage is " + key.key_usage + " which is not valid for " + std::string(operation) + "."};
}

core::Status RequireUsage(const kms::KeyRecord& key, std::string_view usage, std::string_view operation) {
  if (key.key_usage != usage) return InvalidUsage(key, operation);
  return core::Status::Ok();
}

bool Listed(const std::vector<std::string_view>& list, std::string_view value) {
  for (auto v : list) {
    if (v == value) return true;
  }
  return false;
}

core::Status CheckAlgorithm(const kms::KeyRecord& key, const std::vector<std::string_view>& valid,
                            std::string_view algorithm, const char* kind) {
  if (Listed(valid, algorithm)) return core::Status::Ok();
  return core::Error{"InvalidKeyUsageException", "Algorithm " + std::string(algorithm) + " is incompatible with key spec " +
                                                     key.key_spec + " (" + kind + ")."};
}

// The ciphertext of `plaintext` under `key` (its current material), for Encrypt, ReEncrypt and data keys.
core::Result<std::string> EncryptWith(const KmsDeps& deps, const CallContext& ctx, kms::KeyRecord& key,
                                      store::Transaction& txn, std::string_view algorithm, std::string_view plaintext,
                                      const kms::EncryptionContext& context, std::string_view operation) {
  if (auto s = RequireUsage(key, "ENCRYPT_DECRYPT", operation); !s.ok()) return s.error();
  const kms::KeySpecInfo* spec = kms::FindKeySpec(key.key_spec);
  if (spec == nullptr) return core::Error{"KMSInternalException", "kms: unknown key spec"};
  if (auto s = CheckAlgorithm(key, spec->encryption_algorithms, algorithm, "encryption"); !s.ok()) return s.error();
  if (spec->symmetric) {
    if (auto s = RotateIfDue(deps, ctx, key, txn); !s.ok()) return s.error();
    auto material = LoadMaterial(txn, deps, ctx, key, key.current_version);
    if (!material.ok()) return material.error();
    return kms::EncryptSymmetric(
        kms::CiphertextHeader{key.account_id, key.key_id, static_cast<uint32_t>(key.current_version)},
        (*material)->bytes(), plaintext, context);
  }
  if (!context.empty()) {
    return Validation("EncryptionContext is not supported for asymmetric KMS keys.");
  }
  if (plaintext.size() > kms::MaxRsaPlaintext(spec->rsa_bits, algorithm)) {
    return Validation("Plaintext is too large for " + std::string(algorithm) + " with " + key.key_spec + ".");
  }
  auto material = LoadMaterial(txn, deps, ctx, key, 1);
  if (!material.ok()) return material.error();
  return kms::RsaOaepEncrypt((*material)->bytes(), algorithm, plaintext);
}

struct Decrypted {
  kms::KeyRecord key;
  std::string plaintext;
  std::string algorithm;
};

// Decrypt's and ReEncrypt's source side: the blob names its key for symmetric ciphertext; a given
// KeyId must name the same key (IncorrectKeyException).
core::Result<Decrypted> DecryptBlob(const KmsDeps& deps, const CallContext& ctx, store::ReadView& view,
                                    std::string_view blob, std::optional<std::string> key_param,
                                    std::string_view algorithm, const kms::EncryptionContext& context) {
  Decrypted out;
  out.algorithm = std::string(algorithm);
  if (algorithm == "SYMMETRIC_DEFAULT") {
    auto header = kms::ParseCiphertextHeader(blob);
    if (!header.ok()) return header.error();
    auto key = FindKeyData(deps, view, ctx, header->account_id, header->key_id);
    if (!key.ok()) return key.error();
    if (*key == nullptr) return core::Error{"InvalidCiphertextException", ""};
    if (key_param) {
      auto named = ResolveKey(deps, view, ctx, *key_param, true);
      if (!named.ok()) return named.error();
      if (named->key_id != (*key)->key.key_id) {
        return core::Error{"IncorrectKeyException",
                           "The key ID in the request does not identify a CMK that can perform this operation."};
      }
    }
    out.key = (*key)->key;
    if (auto s = kms::CheckUsable(out.key); !s.ok()) return s.error();
    if (out.key.key_spec != "SYMMETRIC_DEFAULT") return core::Error{"InvalidCiphertextException", ""};
    auto material = LoadMaterial(view, deps, ctx, out.key, header->material_version);
    if (!material.ok()) return material.error();
    auto plaintext = kms::DecryptSymmetric(blob, (*material)->bytes(), context);
    if (!plaintext.ok()) return plaintext.error();
    out.plaintext = std::move(*plaintext);
    return out;
  }
  if (!key_param) return Validation("KeyId is required when EncryptionAlgorithm is " + std::string(algorithm) + ".");
  auto key = ResolveUsableKey(deps, view, ctx, *key_param);
  if (!key.ok()) return key.error();
  out.key = std::move(*key);
  if (auto s = RequireUsage(out.key, "ENCRYPT_DECRYPT", "Decrypt"); !s.ok()) return s.error();
  const kms::KeySpecInfo* spec = kms::FindKeySpec(out.key.key_spec);
  if (spec == nullptr || spec->symmetric) return core::Error{"InvalidCiphertextException", ""};
  if (auto s = CheckAlgorithm(out.key, spec->encryption_algorithms, algorithm, "encryption"); !s.ok()) return s.error();
  auto material = LoadMaterial(view, deps, ctx, out.key, 1);
  if (!material.ok()) return material.error();
  auto plaintext = kms::RsaOaepDecrypt((*material)->bytes(), algorithm, blob);
  if (!plaintext.ok()) return plaintext.error();
  out.plaintext = std::move(*plaintext);
  return out;
}

// The key a ciphertext blob names, for authorization: its KeyId when given, else the blob's header.
std::function<ResourceRef(const CallContext&)> BlobKeyResource(const KmsDeps& deps, std::string key_member,
                                                               std::string blob_member) {
  return [deps, key_member, blob_member](const CallContext& ctx) -> ResourceRef {
    if (auto id = OptionalString(ctx, key_member)) return ResourceRef{KeyArnForAuthorization(deps, ctx, *id), kKeyResourceType};
    // Only the header names the key: decode the base64 quanta that cover the shortest valid blob,
    // not the whole blob (the handler decodes and checks all of it).
    auto text = OptionalString(ctx, blob_member);
    if (!text) return ResourceRef{"*", ""};
    constexpr std::size_t kHeaderQuanta = (kms::kCiphertextOverheadBytes + 2) / 3 * 4;
    auto blob = crypto::Base64Decode(std::string_view(*text).substr(0, kHeaderQuanta));
    if (!blob.ok()) return ResourceRef{"*", ""};
    auto header = kms::ParseCiphertextHeader(*blob);
    if (!header.ok()) return ResourceRef{"*", ""};
    return ResourceRef{KeyArn(ctx, header->account_id, header->key_id), kKeyResourceType};
  };
}

Operation Encrypt(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "Encrypt", true);
  op.uses_store = false;  // Usually served from the key cache (ServedFromCache).
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto key = ResolveUsableKey(deps, txn, ctx, RequiredString(ctx, "KeyId"));
    if (!key.ok()) return key.error();
    auto plaintext = BlobParam(ctx, "Plaintext");
    if (!plaintext.ok()) return plaintext.error();
    const std::string algorithm = OptionalString(ctx, "EncryptionAlgorithm").value_or("SYMMETRIC_DEFAULT");
    auto blob = EncryptWith(deps, ctx, *key, txn, algorithm, *plaintext, ContextParam(ctx), "Encrypt");
    crypto::Cleanse(*plaintext);
    if (!blob.ok()) return blob.error();
    OperationOutcome out;
    out.result = boost::json::object{
        {"CiphertextBlob", crypto::Base64Encode(*blob)}, {"KeyId", key->arn}, {"EncryptionAlgorithm", algorithm}};
    return out;
  };
  return op;
}

Operation Decrypt(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "Decrypt", true);
  op.uses_store = false;  // Usually served from the key cache (ServedFromCache).
  op.resource = BlobKeyResource(deps, "KeyId", "CiphertextBlob");
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto blob = BlobParam(ctx, "CiphertextBlob");
    if (!blob.ok()) return blob.error();
    if (blob->empty()) return Validation("CiphertextBlob is required.");
    const std::string algorithm = OptionalString(ctx, "EncryptionAlgorithm").value_or("SYMMETRIC_DEFAULT");
    auto decrypted = DecryptBlob(deps, ctx, txn, *blob, OptionalString(ctx, "KeyId"), algorithm, ContextParam(ctx));
    if (!decrypted.ok()) return decrypted.error();
    OperationOutcome out;
    out.result = boost::json::object{{"KeyId", decrypted->key.arn},
                                     {"Plaintext", crypto::Base64Encode(decrypted->plaintext)},
                                     {"EncryptionAlgorithm", algorithm}};
    crypto::Cleanse(decrypted->plaintext);
    return out;
  };
  return op;
}

Operation ReEncrypt(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "ReEncrypt", true);
  op.uses_store = false;  // Usually served from the key cache (ServedFromCache).
  // "kms:ReEncryptFrom" on the source key, "kms:ReEncryptTo" on the destination.
  op.action = "kms:ReEncryptFrom";
  op.resource = BlobKeyResource(deps, "SourceKeyId", "CiphertextBlob");
  op.also_authorize = [deps](const CallContext& ctx) {
    return std::vector<AdditionalAuthorization>{
        {"kms:ReEncryptTo", KeyArnForAuthorization(deps, ctx, RequiredString(ctx, "DestinationKeyId"))}};
  };
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto blob = BlobParam(ctx, "CiphertextBlob");
    if (!blob.ok()) return blob.error();
    const std::string source_algorithm = OptionalString(ctx, "SourceEncryptionAlgorithm").value_or("SYMMETRIC_DEFAULT");
    auto decrypted = DecryptBlob(deps, ctx, txn, *blob, OptionalString(ctx, "SourceKeyId"), source_algorithm,
                                 ContextParam(ctx, "SourceEncryptionContext"));
    if (!decrypted.ok()) return decrypted.error();
    auto destination = ResolveUsableKey(deps, txn, ctx, RequiredString(ctx, "DestinationKeyId"));
    if (!destination.ok()) return destination.error();
    const std::string algorithm = OptionalString(ctx, "DestinationEncryptionAlgorithm").value_or("SYMMETRIC_DEFAULT");
    auto out_blob = EncryptWith(deps, ctx, *destination, txn, algorithm, decrypted->plaintext,
                                ContextParam(ctx, "DestinationEncryptionContext"), "ReEncrypt");
    crypto::Cleanse(decrypted->plaintext);
    if (!out_blob.ok()) return out_blob.error();
    OperationOutcome out;
    out.result = boost::json::object{{"CiphertextBlob", crypto::Base64Encode(*out_blob)},
                                     {"SourceKeyId", decrypted->key.arn},
                                     {"KeyId", destination->arn},
                                     {"SourceEncryptionAlgorithm", source_algorithm},
                                     {"DestinationEncryptionAlgorithm", algorithm}};
    return out;
  };
  return op;
}

Operation GenerateDataKey(const KmsDeps& deps, bool with_plaintext) {
  Operation op = KeyOperation(deps, with_plaintext ? "GenerateDataKey" : "GenerateDataKeyWithoutPlaintext", true);
  op.uses_store = false;  // Usually served from the key cache (ServedFromCache).
  op.execute = [deps, with_plaintext](const CallContext& ctx,
                                      store::Transaction& txn) -> core::Result<OperationOutcome> {
    const auto spec = OptionalString(ctx, "KeySpec");
    const auto bytes = OptionalInt(ctx, "NumberOfBytes");
    if (spec.has_value() == bytes.has_value()) {
      return Validation("Please specify either number of bytes or key spec.");
    }
    const std::size_t size = spec ? (*spec == "AES_128" ? 16 : 32) : static_cast<std::size_t>(*bytes);
    auto key = ResolveUsableKey(deps, txn, ctx, RequiredString(ctx, "KeyId"));
    if (!key.ok()) return key.error();
    if (key->key_spec != "SYMMETRIC_DEFAULT") return InvalidUsage(*key, "GenerateDataKey");
    auto data_key = crypto::RandomBytes(size);
    if (!data_key.ok()) return core::Error{"KMSInternalException", "kms: no randomness"};
    auto blob = EncryptWith(deps, ctx, *key, txn, "SYMMETRIC_DEFAULT", *data_key, ContextParam(ctx), "GenerateDataKey");
    if (!blob.ok()) {
      crypto::Cleanse(*data_key);
      return blob.error();
    }
    OperationOutcome out;
    out.result = boost::json::object{{"CiphertextBlob", crypto::Base64Encode(*blob)}, {"KeyId", key->arn}};
    if (with_plaintext) out.result["Plaintext"] = crypto::Base64Encode(*data_key);
    crypto::Cleanse(*data_key);
    return out;
  };
  return op;
}

Operation GenerateDataKeyPair(const KmsDeps& deps, bool with_plaintext) {
  Operation op =
      KeyOperation(deps, with_plaintext ? "GenerateDataKeyPair" : "GenerateDataKeyPairWithoutPlaintext", true);
  op.uses_store = false;  // Usually served from the key cache (ServedFromCache).
  op.condition_keys = [](const CallContext& ctx) {
    auto keys = RequestKeys(ctx);
    keys["kms:DataKeyPairSpec"] = {RequiredString(ctx, "KeyPairSpec")};
    return keys;
  };
  op.execute = [deps, with_plaintext](const CallContext& ctx,
                                      store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string pair_spec = RequiredString(ctx, "KeyPairSpec");
    const kms::KeySpecInfo* spec = kms::FindKeySpec(pair_spec);
    if (spec == nullptr || spec->symmetric || spec->hmac) {
      return core::Error{"UnsupportedOperationException", "KeyPairSpec " + pair_spec + " is not supported."};
    }
    auto key = ResolveUsableKey(deps, txn, ctx, RequiredString(ctx, "KeyId"));
    if (!key.ok()) return key.error();
    if (key->key_spec != "SYMMETRIC_DEFAULT") return InvalidUsage(*key, "GenerateDataKeyPair");
    auto pair = kms::GenerateKeyPair(*spec);
    if (!pair.ok()) return pair.error();
    auto blob = EncryptWith(deps, ctx, *key, txn, "SYMMETRIC_DEFAULT", pair->private_key, ContextParam(ctx),
                            "GenerateDataKeyPair");
    if (!blob.ok()) {
      crypto::Cleanse(pair->private_key);
      return blob.error();
    }
    OperationOutcome out;
    out.result = boost::json::object{{"PrivateKeyCiphertextBlob", crypto::Base64Encode(*blob)},
                                     {"PublicKey", crypto::Base64Encode(pair->public_key)},
                                     {"KeyId", key->arn},
                                     {"KeyPairSpec", pair_spec}};
    if (with_plaintext) out.result["PrivateKeyPlaintext"] = crypto::Base64Encode(pair->private_key);
    crypto::Cleanse(pair->private_key);
    return out;
  };
  return op;
}

Operation GenerateRandom() {
  Operation op;
  op.name = "GenerateRandom";
  op.action = "kms:GenerateRandom";
  op.read_only = true;
  op.uses_store = false;
  op.condition_keys = RequestKeys;
  op.execute = [](const CallContext& ctx, store::Transaction&) -> core::Result<OperationOutcome> {
    if (OptionalString(ctx, "CustomKeyStoreId")) {
      return core::Error{"UnsupportedOperationException", "Custom key stores are not supported."};
    }
    auto n = OptionalInt(ctx, "NumberOfBytes");
    if (!n) return Validation("NumberOfBytes is required.");
    auto bytes = crypto::RandomBytes(static_cast<std::size_t>(*n));
    if (!bytes.ok()) return core::Error{"KMSInternalException", "kms: no randomness"};
    OperationOutcome out;
    out.result["Plaintext"] = crypto::Base64Encode(*bytes);
    crypto::Cleanse(*bytes);
    return out;
  };
  return op;
}

struct SigningInput {
  kms::KeyRecord key;
  std::shared_ptr<const kms::UnsealedMaterial> material;
  std::string message;
  std::string algorithm;
  bool is_digest = false;
};

core::Result<SigningInput> ReadSigning(const KmsDeps& deps, const CallContext& ctx, store::ReadView& view,
                                       std::string_view operation) {
  SigningInput in;
  auto key = ResolveUsableKey(deps, view, ctx, RequiredString(ctx, "KeyId"));
  if (!key.ok()) return key.error();
  in.key = std::move(*key);
  if (auto s = RequireUsage(in.key, "SIGN_VERIFY", operation); !s.ok()) return s.error();
  const kms::KeySpecInfo* spec = kms::FindKeySpec(in.key.key_spec);
  in.algorithm = RequiredString(ctx, "SigningAlgorithm");
  if (auto s = CheckAlgorithm(in.key, spec->signing_algorithms, in.algorithm, "signing"); !s.ok()) return s.error();
  auto message = BlobParam(ctx, "Message");
  if (!message.ok()) return message.error();
  in.message = std::move(*message);
  const std::string type = OptionalString(ctx, "MessageType").value_or("RAW");
  if (type == "EXTERNAL_MU") return core::Error{"UnsupportedOperationException", "MessageType EXTERNAL_MU is not supported."};
  in.is_digest = type == "DIGEST";
  if (in.is_digest && in.message.size() != kms::SigningDigestBytes(in.algorithm)) {
    return Validation("Digest is invalid length for algorithm " + in.algorithm + ".");
  }
  auto material = LoadMaterial(view, deps, ctx, in.key, 1);
  if (!material.ok()) return material.error();
  in.material = std::move(*material);
  return in;
}

Operation Sign(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "Sign", true);
  op.uses_store = false;  // Usually served from the key cache (ServedFromCache).
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto in = ReadSigning(deps, ctx, txn, "Sign");
    if (!in.ok()) return in.error();
    auto signature = kms::Sign(in->material->bytes(), in->algorithm, in->message, in->is_digest);
    if (!signature.ok()) return signature.error();
    OperationOutcome out;
    out.result = boost::json::object{
        {"KeyId", in->key.arn}, {"Signature", crypto::Base64Encode(*signature)}, {"SigningAlgorithm", in->algorithm}};
    return out;
  };
  return op;
}

Operation Verify(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "Verify", true);
  op.uses_store = false;  // Usually served from the key cache (ServedFromCache).
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto in = ReadSigning(deps, ctx, txn, "Verify");
    if (!in.ok()) return in.error();
    auto signature = BlobParam(ctx, "Signature");
    if (!signature.ok()) return signature.error();
    auto valid = kms::Verify(in->material->bytes(), in->algorithm, in->message, in->is_digest, *signature);
    if (!valid.ok()) return valid.error();
    if (!*valid) return core::Error{"KMSInvalidSignatureException", ""};
    OperationOutcome out;
    out.result = boost::json::object{{"KeyId", in->key.arn}, {"SignatureValid", true}, {"SigningAlgorithm", in->algorithm}};
    return out;
  };
  return op;
}

Operation GetPublicKey(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "GetPublicKey", true);
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto key = ResolveUsableKey(deps, txn, ctx, RequiredString(ctx, "KeyId"));
    if (!key.ok()) return key.error();
    const kms::KeySpecInfo* spec = kms::FindKeySpec(key->key_spec);
    if (spec == nullptr || spec->symmetric || spec->hmac) {
      return core::Error{"UnsupportedOperationException", key->arn + " key usage is not supported for GetPublicKey."};
    }
    auto m = kms::FindMaterial(txn, key->key_id, 1);
    if (!m.ok()) return m.error();
    if (!*m) return core::Error{"KMSInternalException", "kms: key material missing"};
    boost::json::object meta = KeyMetadata(*key);
    OperationOutcome out;
    out.result = boost::json::object{{"KeyId", key->arn},
                                     {"PublicKey", crypto::Base64Encode((*m)->public_key)},
                                     {"CustomerMasterKeySpec", key->key_spec},
                                     {"KeySpec", key->key_spec},
                                     {"KeyUsage", key->key_usage}};
    for (const char* list : {"EncryptionAlgorithms", "SigningAlgorithms"}) {
      if (auto* v = meta.if_contains(list)) out.result[list] = *v;
    }
    return out;
  };
  return op;
}

core::Result<std::string> ComputeMac(const KmsDeps& deps, const CallContext& ctx, store::ReadView& view,
                                     kms::KeyRecord* key_out, std::string_view operation) {
  auto key = ResolveUsableKey(deps, view, ctx, RequiredString(ctx, "KeyId"));
  if (!key.ok()) return key.error();
  if (auto s = RequireUsage(*key, "GENERATE_VERIFY_MAC", operation); !s.ok()) return s.error();
  const std::string algorithm = RequiredString(ctx, "MacAlgorithm");
  if (auto s = CheckAlgorithm(*key, kms::FindKeySpec(key->key_spec)->mac_algorithms, algorithm, "MAC"); !s.ok()) {
    return s.error();
  }
  auto message = BlobParam(ctx, "Message");
  if (!message.ok()) return message.error();
  auto material = LoadMaterial(view, deps, ctx, *key, 1);
  if (!material.ok()) return material.error();
  auto mac = kms::Mac((*material)->bytes(), algorithm, *message);
  *key_out = std::move(*key);
  return mac;
}

Operation GenerateMac(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "GenerateMac", true);
  op.uses_store = false;  // Usually served from the key cache (ServedFromCache).
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    kms::KeyRecord key;
    auto mac = ComputeMac(deps, ctx, txn, &key, "GenerateMac");
    if (!mac.ok()) return mac.error();
    OperationOutcome out;
    out.result = boost::json::object{
        {"Mac", crypto::Base64Encode(*mac)}, {"MacAlgorithm", RequiredString(ctx, "MacAlgorithm")}, {"KeyId", key.arn}};
    return out;
  };
  return op;
}

Operation VerifyMac(const KmsDeps& deps) {
  Operation op = KeyOperation(deps, "VerifyMac", true);
  op.uses_store = false;  // Usually served from the key cache (ServedFromCache).
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    kms::KeyRecord key;
    auto mac = ComputeMac(deps, ctx, txn, &key, "VerifyMac");
    if (!mac.ok()) return mac.error();
    auto given = BlobParam(ctx, "Mac");
    if (!given.ok()) return given.error();
    if (!crypto::ConstantTimeEquals(*mac, *given)) return core::Error{"KMSInvalidMacException", ""};
    OperationOutcome out;
    out.result = boost::json::object{
        {"KeyId", key.arn}, {"MacValid", true}, {"MacAlgorithm", RequiredString(ctx, "MacAlgorithm")}};
    return out;
  };
  return op;
}

}  // namespace

OperationList CryptoOperations(const KmsDeps& deps) {
  return {Encrypt(deps),
          Decrypt(deps),
          ReEncrypt(deps),
          GenerateDataKey(deps, true),
          GenerateDataKey(deps, false),
          GenerateDataKeyPair(deps, true),
          GenerateDataKeyPair(deps, false),
          GenerateRandom(),
          Sign(deps),
          Verify(deps),
          GetPublicKey(deps),
          GenerateMac(deps),
          VerifyMac(deps)};
}

}  // namespace bulwark::services::kms_ops
