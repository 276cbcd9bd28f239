// The `pattern` constraints of AWS's service models, checked with RE2 (linear time whatever the
// input: a caller cannot make validation slow). Models write Java regular expressions; the few
// Java-only spellings are translated: \uXXXX escapes (a high+low surrogate pair becomes its code
// point, a lone surrogate, which no valid UTF-8 text contains, is dropped). A pattern RE2 cannot
// express (lookahead) is left unchecked here and stays the handler's to check.
// Thread-safety: immutable after construction; Matches() may be called concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}  // namespace re2

namespace bulwark::protocol {

class ModelPattern {
 public:
  // Null when the pattern cannot be checked with RE2.
  static std::shared_ptr<const ModelPattern> Compile(std::string_view java_pattern);
  ~ModelPattern();

  // Whether the whole of `utf8_value` matches (Java's Pattern.matches semantics).
  bool Matches(std::string_view utf8_value) const;

  // RE2's spelling of the pattern (for tests).
  static std::string Translate(std::string_view java_pattern);

 private:
  explicit ModelPattern(std::unique_ptr<re2::RE2> re);
  std::unique_ptr<re2::RE2> re_;
};

}  // namespace bulwark::protocol
