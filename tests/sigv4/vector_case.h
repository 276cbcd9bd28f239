// Reading the vendored AWS SigV4 test suite (tests/vectors/sigv4/v4/<case>/, see its README): the
// case list, context.json as SigningInput, and the request files as HttpRequest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sigv4/http_request.h"
#include "sigv4/signer.h"

namespace bulwark::sigv4::testing {

std::filesystem::path VectorRoot();

// Every case folder name, sorted.
std::vector<std::string> VectorCaseNames();

std::string ReadFile(const std::filesystem::path& path);

// "GET /path?query HTTP/1.1\nName:value\n  folded continuation\n\nbody": the request line's target
// may contain spaces (the suite's raw paths), so it runs from the first to the last space.
HttpRequest ParseRequestText(std::string_view text);

struct VectorCase {
  std::string name;
  std::filesystem::path dir;
  SigningInput input;  // Credentials, region, service, time, normalisation, expiry.
  bool sign_body = false;
  bool omit_session_token = false;
  HttpRequest request;  // request.txt

  std::string File(std::string_view file_name) const { return ReadFile(dir / std::string(file_name)); }
};

VectorCase LoadVectorCase(const std::string& name);

}  // namespace bulwark::sigv4::testing
