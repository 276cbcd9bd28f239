// Encoded authorization failure messages: the details of a denial (the principal, action, resource,
// context and the statements that decided), sealed so only sts:DecodeAuthorizationMessage can read
// them, as AWS encodes them. AES-256-GCM under a key derived from the master key; the caller sees an
// opaque base64 string it can hand to someone allowed to decode it.
// Thread-safety: pure functions (plus the DRBG for the nonce).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace bulwark::iam {

std::string AuthorizationMessageKey(std::string_view master_key);
core::Result<std::string> EncodeAuthorizationMessage(std::string_view key, std::string_view decoded_json);
// Errors: InvalidAuthorizationMessageException when the text is not a message this server sealed.
core::Result<std::string> DecodeAuthorizationMessage(std::string_view key, std::string_view encoded);

}  // namespace bulwark::iam
