#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tributary::auth {

/// Standard base64 (RFC 4648 section 4) with '=' padding, as SCRAM messages
/// and PostgreSQL's stored secrets write it.
std::string Base64Encode(std::string_view bytes);

/// Decodes padded standard base64. Returns nullopt for anything else: a
/// length that is not a multiple of four, a character outside the alphabet,
/// misplaced padding, or non-zero bits after the last full byte.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace tributary::auth
