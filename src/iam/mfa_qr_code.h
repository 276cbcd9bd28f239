// What CreateVirtualMFADevice hands an authenticator app: the otpauth:// URI AWS encodes
// ("otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String", botocore's
// VirtualMFADevice.QRCodePNG documentation) and that URI as a QR code PNG.
//
// The QR symbol comes from libqrencode (Debian libqrencode-dev; error correction level M, byte
// mode); the PNG is written here with zlib (a 1-bit grayscale image, 4 pixels per module and the
// 4-module quiet zone the QR specification asks for), since a PNG of one grayscale plane needs only
// zlib's deflate and CRC-32.
// Thread-safety: pure functions (libqrencode is thread-safe when built with pthread, as Debian's is).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::iam {

inline constexpr std::size_t kMaxQrCodeText = 1024;
inline constexpr int kQrPixelsPerModule = 4;
inline constexpr int kQrQuietZoneModules = 4;

// Label and secret as AWS forms them; the label's parts are percent-encoded outside the URI
// unreserved set.
std::string OtpAuthUri(std::string_view device_name, std::string_view account_name, std::string_view base32_seed);

// The PNG bytes of a QR code holding `text`. Errors: InvalidParameterValue beyond kMaxQrCodeText;
// InternalFailure if libqrencode or zlib fails.
core::Result<std::string> QrCodePng(std::string_view text);

}  // namespace bulwark::iam
