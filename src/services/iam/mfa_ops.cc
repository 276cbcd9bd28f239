// Virtual MFA devices (RFC 6238 TOTP): CreateVirtualMFADevice returns the seed once (base32, and as
// an otpauth:// QR code PNG) and stores it sealed under the master key; EnableMFADevice assigns a
// device to a user after two consecutive codes; ResyncMFADevice re-learns a drifted device's clock;
// DeactivateMFADevice, DeleteVirtualMFADevice, ListMFADevices and ListVirtualMFADevices. The seed,
// the QR code and the authentication codes are hidden in the trail (trail/event_record.cc) and never
// quoted in messages.
#include "core/utf8.h"
#include "crypto/base32.h"
#include "crypto/base64.h"
#include "crypto/cleanse.h"
#include "crypto/random.h"
#include "crypto/totp.h"
#include "iam/mfa_devices.h"
#include "iam/mfa_qr_code.h"
#include "iam/tags.h"
#include "services/iam/iam_common.h"
#include "services/iam/iam_operations.h"

namespace bulwark::services::iam_ops {

namespace {

// The model gives virtualMFADeviceName no upper bound; IAM's is 226 characters (the serial number
// it becomes must fit serialNumberType's 256).
constexpr std::size_t kMaxDeviceNameChars = 226;
constexpr const char* kDeviceType = "AWS::IAM::VirtualMFADevice";

struct CodePair {
  std::string code1;
  std::string code2;
};

// authenticationCodeType: six digits, checked by the model.
CodePair CodePairParams(const CallContext& ctx) {
  return CodePair{RequiredString(ctx, "AuthenticationCode1"), RequiredString(ctx, "AuthenticationCode2")};
}

// Checks the two consecutive codes against the device's seed within the sync window and after its
// last accepted step. Returns the later code's step. InvalidAuthenticationCode otherwise.
core::Result<uint64_t> CheckConsecutiveCodes(const IamDeps& deps, const iam::MfaDeviceRecord& device,
                                             const CodePair& codes, int64_t now) {
  auto seed = iam::OpenMfaSeed(deps.master_key, device);
  if (!seed.ok()) return seed.error();
  crypto::TotpCheck check;
  check.unix_seconds = now;
  check.window_steps = iam::kMfaSyncWindowSteps;
  check.last_accepted_step = device.last_step;
  const std::optional<uint64_t> step = crypto::VerifyConsecutiveTotp(*seed, codes.code1, codes.code2, check);
  crypto::Cleanse(*seed);
  if (!step.has_value()) return iam::InvalidAuthenticationCode();
  return *step;
}

// Device lookups ignore case, so a device named by its serial number is authorized as the stored
// ARN (as users and roles are): a Deny on the device's ARN cannot be sidestepped by changing case.
std::function<ResourceRef(const CallContext&)> DeviceResource(const IamDeps& deps) {
  return [deps](const CallContext& ctx) -> ResourceRef {
    if (auto serial = OptionalString(ctx, "SerialNumber")) {
      auto found = deps.store->Read([&](store::ReadView& v) { return iam::FindMfaDevice(v, *serial); });
      if (found.ok() && *found) return ResourceRef{(*found)->serial_number, kDeviceType};
      return ResourceRef{*serial, kDeviceType};
    }
    const std::string path = OptionalString(ctx, "Path").value_or("/");
    const std::string name = OptionalString(ctx, "VirtualMFADeviceName").value_or("");
    return ResourceRef{iam::MfaDeviceArn(ctx.account_id, path, name), kDeviceType};
  };
}

boost::json::object UserJson(store::ReadView& view, const iam::MfaDeviceRecord& d) {
  auto user = iam::FindEntity(view, d.account_id, iam::EntityKind::kUser, d.user_name);
  if (user.ok() && user->has_value()) return EntityJson(**user, nullptr);
  return boost::json::object{{"UserName", d.user_name}};
}

Operation CreateVirtualMFADevice(const IamDeps& deps) {
  Operation op;
  op.name = "CreateVirtualMFADevice";
  op.action = "iam:CreateVirtualMFADevice";
  op.read_only = false;
  op.resource = DeviceResource(deps);
  op.condition_keys = [](const CallContext& ctx) { return RequestTagKeys(ctx); };
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string path = OptionalString(ctx, "Path").value_or("/");
    const std::string name = RequiredString(ctx, "VirtualMFADeviceName");
    if (core::Utf8Length(name) > kMaxDeviceNameChars) {
      return ValidationError("1 validation error detected: Value '" + name +
                             "' at 'virtualMFADeviceName' failed to satisfy constraint: Member must have length less "
                             "than or equal to " + std::to_string(kMaxDeviceNameChars));
    }
    auto tags = TagsParam(ctx);
    if (!tags.ok()) return tags.error();
    if (auto s = iam::ValidateTags(*tags); !s.ok()) return s.error();
    auto seed = crypto::RandomBytes(iam::kMfaSeedBytes);
    if (!seed.ok()) return seed.error();
    iam::MfaDeviceRecord device;
    device.account_id = ctx.account_id;
    device.serial_number = iam::MfaDeviceArn(ctx.account_id, path, name);
    device.name = name;
    device.path = path;
    device.created = ctx.now;
    auto sealed = iam::SealMfaSeed(deps.master_key, *seed, device.serial_number);
    if (!sealed.ok()) {
      crypto::Cleanse(*seed);
      return sealed.error();
    }
    device.seed_sealed = std::move(*sealed);
    std::string base32 = crypto::Base32Encode(*seed, /*pad=*/false);
    crypto::Cleanse(*seed);
    if (auto s = iam::InsertMfaDevice(txn, device); !s.ok()) return s.error();
    if (!tags->empty()) {
      if (auto s = iam::PutTags(txn, device.serial_number, *tags); !s.ok()) return s.error();
    }
    // The label's account part is the account id: the device has no user yet (botocore's
    // QRCodePNG documentation: the user name if set, otherwise the account id).
    auto png = iam::QrCodePng(iam::OtpAuthUri(name, ctx.account_id, base32));
    if (!png.ok()) return png.error();
    // Both members are blobs: base64 on the wire (the SDKs decode them).
    boost::json::object out{{"SerialNumber", device.serial_number},
                            {"Base32StringSeed", crypto::Base64Encode(base32)},
                            {"QRCodePNG", crypto::Base64Encode(*png)}};
    crypto::Cleanse(base32);
    if (!tags->empty()) out["Tags"] = TagsJson(*tags);
    return Outcome(boost::json::object{{"VirtualMFADevice", std::move(out)}}, true);
  };
  return op;
}

Operation EnableMFADevice(const IamDeps& deps) {
  Operation op;
  op.name = "EnableMFADevice";
  op.action = "iam:EnableMFADevice";
  op.read_only = false;
  op.resource = EntityResource(deps, iam::EntityKind::kUser, "UserName");
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string serial = RequiredString(ctx, "SerialNumber");
    const CodePair codes = CodePairParams(ctx);
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, RequiredString(ctx, "UserName"));
    if (!user.ok()) return user.error();
    auto device = iam::GetMfaDevice(txn, serial);
    if (!device.ok()) return device.error();
    if (!device->user_id.empty()) return core::Error{"EntityAlreadyExists", "MFA Device is already in use."};
    auto count = iam::CountUserMfaDevices(txn, user->id);
    if (!count.ok()) return count.error();
    if (*count >= iam::kMaxMfaDevicesPerUser) {
      return core::Error{"LimitExceeded", "Cannot exceed quota for MFADevicesPerUser: " +
                                              std::to_string(iam::kMaxMfaDevicesPerUser)};
    }
    auto step = CheckConsecutiveCodes(deps, *device, codes, ctx.now);
    if (!step.ok()) return step.error();
    if (auto s = iam::AssignMfaDevice(txn, device->serial_number, user->id, user->name, ctx.now, *step,
                                      crypto::ConsecutiveTotpDrift(*step, ctx.now));
        !s.ok()) {
      return s.error();
    }
    return Outcome({}, true);
  };
  return op;
}

// The device must be enabled for the named user; NoSuchEntity otherwise (as for an unknown device).
core::Result<iam::MfaDeviceRecord> UsersDevice(store::ReadView& view, const iam::Entity& user,
                                               const std::string& serial) {
  auto device = iam::GetMfaDevice(view, serial);
  if (!device.ok()) return device.error();
  if (device->user_id != user.id) return iam::NoSuchMfaDevice(serial);
  return device;
}

Operation ResyncMFADevice(const IamDeps& deps) {
  Operation op;
  op.name = "ResyncMFADevice";
  op.action = "iam:ResyncMFADevice";
  op.read_only = false;
  op.resource = EntityResource(deps, iam::EntityKind::kUser, "UserName");
  op.execute = [deps](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string serial = RequiredString(ctx, "SerialNumber");
    const CodePair codes = CodePairParams(ctx);
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, RequiredString(ctx, "UserName"));
    if (!user.ok()) return user.error();
    auto device = UsersDevice(txn, *user, serial);
    if (!device.ok()) return device.error();
    auto step = CheckConsecutiveCodes(deps, *device, codes, ctx.now);
    if (!step.ok()) return step.error();
    if (auto s = iam::RecordMfaStep(txn, device->serial_number, *step, crypto::ConsecutiveTotpDrift(*step, ctx.now));
        !s.ok()) {
      return s.error();
    }
    return Outcome({}, true);
  };
  return op;
}

Operation DeactivateMFADevice(const IamDeps& deps) {
  Operation op;
  op.name = "DeactivateMFADevice";
  op.action = "iam:DeactivateMFADevice";
  op.read_only = false;
  op.resource = UserOrSelfResource(deps, "UserName");
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto user_name = UserOrSelf(ctx);
    if (!user_name.ok()) return user_name.error();
    const std::string serial = RequiredString(ctx, "SerialNumber");
    auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, *user_name);
    if (!user.ok()) return user.error();
    auto device = UsersDevice(txn, *user, serial);
    if (!device.ok()) return device.error();
    if (auto s = iam::UnassignMfaDevice(txn, device->serial_number); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

Operation DeleteVirtualMFADevice(const IamDeps& deps) {
  Operation op;
  op.name = "DeleteVirtualMFADevice";
  op.action = "iam:DeleteVirtualMFADevice";
  op.read_only = false;
  op.resource = DeviceResource(deps);
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    const std::string serial = RequiredString(ctx, "SerialNumber");
    auto device = iam::GetMfaDevice(txn, serial);
    if (!device.ok()) return device.error();
    if (!device->user_id.empty()) return core::Error{"DeleteConflict", "MFA Device is still in use"};
    auto tags = iam::ListTags(txn, device->serial_number);
    if (!tags.ok()) return tags.error();
    if (!tags->empty()) {
      std::vector<std::string> keys;
      for (const auto& t : *tags) keys.push_back(t.key);
      if (auto s = iam::RemoveTags(txn, device->serial_number, keys); !s.ok()) return s.error();
    }
    if (auto s = iam::DeleteMfaDevice(txn, device->serial_number); !s.ok()) return s.error();
    return Outcome({}, true);
  };
  return op;
}

// One page of devices after the marker (a lower-cased serial number), at most max_items.
template <typename Render>
boost::json::array Page(const std::vector<iam::MfaDeviceRecord>& devices, const Paging& paging,
                        std::optional<std::string>* next_marker, Render render) {
  boost::json::array out;
  for (const auto& d : devices) {
    std::string key = iam::Lower(d.serial_number);
    if (!paging.marker.empty() && key <= paging.marker) continue;
    if (static_cast<int>(out.size()) == paging.max_items) {
      *next_marker = iam::Lower(out.back().as_object().at("SerialNumber").as_string());
      break;
    }
    out.push_back(render(d));
  }
  return out;
}

Operation ListMFADevices(const IamDeps& deps) {
  Operation op;
  op.name = "ListMFADevices";
  op.action = "iam:ListMFADevices";
  op.read_only = true;
  op.resource = UserOrSelfResource(deps, "UserName");
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto paging = PagingParams(ctx);
    if (!paging.ok()) return paging.error();
    std::vector<iam::MfaDeviceRecord> devices;
    // The root user without UserName lists its own devices: it has none here (virtual devices are
    // assigned to IAM users only).
    const bool root_self = Member(ctx, "UserName") == nullptr && ctx.caller != nullptr &&
                           ctx.caller->kind == core::CallerKind::kRoot;
    if (!root_self) {
      auto user_name = UserOrSelf(ctx);
      if (!user_name.ok()) return user_name.error();
      auto user = iam::GetEntity(txn, ctx.account_id, iam::EntityKind::kUser, *user_name);
      if (!user.ok()) return user.error();
      auto listed = iam::ListMfaDevices(txn, ctx.account_id, user->id, iam::MfaAssignment::kAssigned);
      if (!listed.ok()) return listed.error();
      devices = std::move(*listed);
    }
    std::optional<std::string> next;
    boost::json::array list = Page(devices, *paging, &next, [](const iam::MfaDeviceRecord& d) {
      return boost::json::object{
          {"UserName", d.user_name}, {"SerialNumber", d.serial_number}, {"EnableDate", core::IsoTime(d.enable_date)}};
    });
    boost::json::object result{{"MFADevices", std::move(list)}};
    SetPage(result, next);
    return Outcome(std::move(result), false);
  };
  return op;
}

Operation ListVirtualMFADevices() {
  Operation op;
  op.name = "ListVirtualMFADevices";
  op.action = "iam:ListVirtualMFADevices";
  op.read_only = true;
  op.resource = [](const CallContext&) { return ResourceRef{"*", ""}; };
  op.execute = [](const CallContext& ctx, store::Transaction& txn) -> core::Result<OperationOutcome> {
    auto paging = PagingParams(ctx);
    if (!paging.ok()) return paging.error();
    const std::string status = OptionalString(ctx, "AssignmentStatus").value_or("Any");  // The model's enum.
    const iam::MfaAssignment assignment = status == "Assigned"     ? iam::MfaAssignment::kAssigned
                                          : status == "Unassigned" ? iam::MfaAssignment::kUnassigned
                                                                   : iam::MfaAssignment::kAny;
    auto devices = iam::ListMfaDevices(txn, ctx.account_id, "", assignment);
    if (!devices.ok()) return devices.error();
    std::optional<std::string> next;
    boost::json::array list = Page(*devices, *paging, &next, [&txn](const iam::MfaDeviceRecord& d) {
      boost::json::object o{{"SerialNumber", d.serial_number}};
      if (!d.user_id.empty()) {
        o["User"] = UserJson(txn, d);
        o["EnableDate"] = core::IsoTime(d.enable_date);
      }
      auto tags = iam::ListTags(txn, d.serial_number);
      if (tags.ok() && !tags->empty()) o["Tags"] = TagsJson(*tags);
      return o;
    });
    boost::json::object result{{"VirtualMFADevices", std::move(list)}};
    SetPage(result, next);
    return Outcome(std::move(result), false);
  };
  return op;
}

}  // namespace

// Tags on a virtual device hang off its serial number like every tagged IAM resource (tag_ops.cc
// builds TagMFADevice, UntagMFADevice and ListMFADeviceTags from this).
TaggedResource MfaDeviceTaggedResource(const IamDeps& deps) {
  return TaggedResource{"MFADevice", DeviceResource(deps),
                        [](const CallContext& ctx, store::Transaction& txn) -> core::Result<std::string> {
                          auto device = iam::GetMfaDevice(txn, RequiredString(ctx, "SerialNumber"));
                          if (!device.ok()) return device.error();
                          return device->serial_number;
                        }};
}

OperationList MfaOperations(const IamDeps& deps) {
  return {CreateVirtualMFADevice(deps), EnableMFADevice(deps),    ResyncMFADevice(deps),   DeactivateMFADevice(deps),
          DeleteVirtualMFADevice(deps), ListMFADevices(deps),     ListVirtualMFADevices()};
}

}  // namespace bulwark::services::iam_ops
