#include "sigv4/vector_case.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/json_tree.h"
#include "sigv4/time_format.h"

namespace bulwark::sigv4::testing {

std::filesystem::path VectorRoot() {
  return std::filesystem::path(BULWARK_SOURCE_DIR) / "tests/vectors/sigv4/v4";
}

std::vector<std::string> VectorCaseNames() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(VectorRoot(), error)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

HttpRequest ParseRequestText(std::string_view text) {
  HttpRequest request;
  const std::size_t blank = text.find("\n\n");
  std::string_view head = text.substr(0, blank);
  if (blank != std::string_view::npos) request.body = std::string(text.substr(blank + 2));

  std::vector<std::string_view> lines;
  while (!head.empty()) {
    const std::size_t newline = head.find('\n');
    lines.push_back(head.substr(0, newline));
    head = newline == std::string_view::npos ? std::string_view() : head.substr(newline + 1);
  }
  if (lines.empty()) return request;

  const std::string_view request_line = lines[0];
  const std::size_t first_space = request_line.find(' ');
  const std::size_t last_space = request_line.rfind(' ');
  request.method = std::string(request_line.substr(0, first_space));
  const std::string_view target = request_line.substr(first_space + 1, last_space - first_space - 1);
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));

  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if ((line.front() == ' ' || line.front() == '\t') && !request.headers.empty()) {
      // Obsolete line folding: the continuation belongs to the previous header's value.
      request.headers.back().value.append("\n").append(line);
      continue;
    }
    const std::size_t colon = line.find(':');
    request.headers.push_back({std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
  }
  return request;
}

VectorCase LoadVectorCase(const std::string& name) {
  VectorCase vector;
  vector.name = name;
  vector.dir = VectorRoot() / name;
  vector.request = ParseRequestText(vector.File("request.txt"));

  auto context = core::ParseJson(vector.File("context.json"));
  EXPECT_TRUE(context.ok()) << name;
  if (!context.ok()) return vector;
  const auto text = [&](std::string_view key) {
    const core::JsonValue* value = context->Find(key);
    return value != nullptr ? value->text() : std::string();
  };
  const auto flag = [&](std::string_view key) {
    const core::JsonValue* value = context->Find(key);
    return value != nullptr && value->boolean();
  };
  if (const core::JsonValue* credentials = context->Find("credentials")) {
    const auto credential = [&](std::string_view key) {
      const core::JsonValue* value = credentials->Find(key);
      return value != nullptr ? value->text() : std::string();
    };
    vector.input.access_key_id = credential("access_key_id");
    vector.input.secret_access_key = credential("secret_access_key");
    vector.input.session_token = credential("token");
  }
  vector.input.region = text("region");
  vector.input.service = text("service");
  // "2015-08-30T12:36:00Z" -> "20150830T123600Z".
  std::string timestamp = text("timestamp");
  timestamp.erase(
      std::remove_if(timestamp.begin(), timestamp.end(), [](char c) { return c == '-' || c == ':'; }),
      timestamp.end());
  const auto time = ParseAmzDate(timestamp);
  EXPECT_TRUE(time.has_value()) << name << ": " << timestamp;
  vector.input.time = time.value_or(0);
  vector.input.expires_seconds =
      std::stoll(text("expiration_in_seconds").empty() ? "3600" : text("expiration_in_seconds"));
  // The suite double-encodes every path; "normalize" toggles only path normalisation.
  vector.input.canonical.normalize_path = flag("normalize");
  vector.input.canonical.double_encode_path = true;
  vector.sign_body = flag("sign_body");
  vector.omit_session_token = flag("omit_session_token");
  vector.input.add_content_sha256_header = vector.sign_body;
  vector.input.omit_session_token_from_signature = vector.omit_session_token;
  return vector;
}

}  // namespace bulwark::sigv4::testing
