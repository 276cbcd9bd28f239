// Policy variables ("IAM policy elements: Variables and tags"): `${aws:username}`, any single-valued
// context key, a default `${aws:PrincipalTag/team, 'none'}`, and the escapes `${*}`, `${?}`, `${$}`
// for literal characters. Only Version 2012-10-17 policies interpret them; 2008-10-17 text is
// literal. Where they are interpreted (the resource part of a Resource ARN; String, ARN and Bool
// condition values) is the compiler's business.
//
// A template is compiled once; expanding it against a request substitutes context values. The
// escapes and any substituted value are marked literal (core::kLiteralStar / kLiteralQuestion) so
// they never act as wildcards. A variable whose key is missing (or multivalued: "you can't use a
// multivalued context key as a policy variable") and has no default cannot be resolved: Expand
// returns false and names the key; the evaluator then treats the statement as not applying
// ("If AWS cannot resolve a variable, this might cause the entire statement to be invalid").
// Thread-safety: immutable after compilation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "policy/request_context.h"

namespace bulwark::policy {

class ValueTemplate {
 public:
  // `interpret` is false for 2008-10-17 policies: the text is taken literally.
  static ValueTemplate Compile(std::string_view text, bool interpret);

  bool has_variables() const { return has_variables_; }
  // The text when there are no variables: as a pattern (escapes marked) and as plain text.
  const std::string& literal() const { return literal_; }
  const std::string& plain() const { return plain_; }
  // Lower-cased keys the template refers to.
  std::vector<std::string_view> Keys() const;

  // Appends the expansion to `out`: as a wildcard pattern (escapes and substituted values marked
  // literal) or, with `as_pattern` false, as plain text for exact comparisons. On a missing key
  // without default, returns false and sets `missing_key` to the key as written.
  bool Expand(const RequestContext& context, bool as_pattern, std::string* out,
              std::string_view* missing_key) const;

 private:
  struct Part {
    bool is_variable = false;
    std::string text;         // Literal text, or the default value of a variable.
    std::string key_lower;    // Variable key, lower-cased.
    uint64_t key_hash = 0;    // HashKey(key_lower).
    std::string key_written;  // As written in the policy.
    bool has_default = false;
  };
  std::vector<Part> parts_;
  std::string literal_;
  std::string plain_;
  bool has_variables_ = false;
};

// Replaces '*' and '?' with their literal markers (for substituted values).
void AppendLiteral(std::string_view text, std::string* out);
// Turns literal markers back into the characters they stand for, from `from` to the end.
void UnmarkLiterals(std::string* text, std::size_t from = 0);

}  // namespace bulwark::policy
