// Fuzz target: any bytes as what a client sends a `tributary serve` session
// before and after it logs in — a startup packet, then typed messages, as
// the session frames them. Each decoder must fail with a Status or succeed,
// never crash, read out of bounds or allocate without bound.

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>
#include <string_view>

#include "server/pg_wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tributary::server;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const WireLimits limits;
  // The startup packet: a length word counting itself, then the body.
  if (in.size() < 4) return 0;
  uint32_t length;
  std::memcpy(&length, in.data(), 4);
  length = ntohl(length);
  if (length < 8 || length > limits.max_startup_bytes || length > in.size()) return 0;
  (void)ParseStartupPacket(in.substr(4, length - 4));
  in.remove_prefix(length);
  // Typed messages: a type byte, a length word counting itself, the body.
  while (in.size() >= 5) {
    const char type = in[0];
    std::memcpy(&length, in.data() + 1, 4);
    length = ntohl(length);
    if (length < 4 || length - 4 > limits.max_message_bytes || length - 4 > in.size() - 5) return 0;
    std::string_view body = in.substr(5, length - 4);
    switch (type) {
      case 'p': (void)ParseSaslInitialResponse(body); break;
      case 'Q': (void)ParseQuery(body); break;
      case 'P': (void)ParseParseMessage(body); break;
      case 'B': (void)ParseBindMessage(body); break;
      case 'D': (void)ParseTargetMessage(body, "Describe"); break;
      case 'C': (void)ParseTargetMessage(body, "Close"); break;
      case 'E': (void)ParseExecuteMessage(body); break;
      default: {
        MessageReader reader(body, "fuzzed");
        while (reader.Int16().ok() && reader.CString().ok()) {
        }
        break;
      }
    }
    in.remove_prefix(5 + body.size());
  }
  return 0;
}
