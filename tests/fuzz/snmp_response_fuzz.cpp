// libFuzzer target for the SNMP answer the DYNAMIC update reads from the client's address
// (include/smokeping/core/snmp_ident.hpp): any bytes give no values or values whose identity text
// has no whitespace left. Seeds: tests/fuzz/corpus/snmp_response_fuzz (answers to request id 1).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "smokeping/core/snmp_ident.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smokeping::core;
  std::string_view packet(reinterpret_cast<const char*>(data), size);
  for (std::int32_t request_id : {1, 0x1234}) {
    auto values = snmp_response_values(packet, request_id);
    if (!values) continue;
    if (values->size() > size) std::abort();  // every value takes bytes of the packet
    if (auto text = snmp_ident_text(*values)) {
      if (text->empty() || text->find_first_of(" \t\n\v\f\r") != std::string::npos) std::abort();
    }
  }
  return 0;
}
