// Overwriting secret bytes (keys, secrets) before their memory is released, in a way the compiler
// may not optimise away (OPENSSL_cleanse).
// Thread-safety: touches only the argument.
#pragma once

#include <string>

namespace bulwark::crypto {

void Cleanse(std::string& secret);

}  // namespace bulwark::crypto
