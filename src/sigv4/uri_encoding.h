// Percent-encoding as SigV4 defines it ("URI-encode": RFC 3986 unreserved characters
// A-Z a-z 0-9 - . _ ~ stay, every other byte becomes %XX with upper-case hex), percent-decoding,
// and the path normalisation AWS applies for every service but S3.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace bulwark::sigv4 {

// Encodes every byte but the unreserved ones; '/' is kept when `keep_slash` (paths).
std::string UriEncode(std::string_view bytes, bool keep_slash);

// Decodes %XX escapes. Lenient on purpose: an escape that is not two hex digits stays literal (and
// is re-encoded as %25 by UriEncode), and '+' is a literal '+' (RFC 3986), not a space.
std::string UriDecode(std::string_view text);

// Removes empty and "." segments and resolves ".." (never above the root); keeps a trailing '/'
// when the input had one. "" -> "/", "//example//" -> "/example/", "/a/b/../.." -> "/".
std::string NormalizePath(std::string_view path);

}  // namespace bulwark::sigv4
