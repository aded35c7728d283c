// The files of a DYNAMIC host below dyndir: `<base>.adr` holds the address it last reported,
// `<base>.snmp` the SNMP identity the original read from it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace smokeping::web::detail {

struct DynamicBase {
  std::string base;   // "<dyndir>/a/b/name" for the path {"a", "b", "name"}
  std::string error;  // "Error creating <dir>: <reason>" when a directory could not be made
};

// The base name of a node's files, after making the missing directories <dyndir>/a and
// <dyndir>/a/b (0755, as the original; the parent's bits below a setgid parent, see
// core::make_directory).
DynamicBase make_dynamic_dirs(const std::string& dyndir, const std::vector<std::string>& path);

struct AddressWrite {
  bool changed = false;  // the file now holds `address` and held something else before
  std::string error;     // "Error writing <file>: <reason>" when it could not be written
};

// Writes "<address>\n" to <base>.adr unless its first line already is `address`: the bytes
// go to <base>.adr.new, are synced, and the file is renamed over <base>.adr, so the daemon
// never reads half an address.
AddressWrite record_address(const std::string& base, std::string_view address);

// Writes "<ident>\n" to <base>.snmp the same way; "" or an error text.
std::string record_snmp(const std::string& base, std::string_view ident);

// Removes <base>.snmp if it exists; "" or an error text.
std::string forget_snmp(const std::string& base);

}  // namespace smokeping::web::detail
