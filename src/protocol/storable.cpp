// Perl Storable, only as far as SmokePing's caches use it. Type codes and header layout as
// Storable 3.x writes them (checked byte for byte against `perl -MStorable` in the tests).
#include "smokeping/protocol/storable.hpp"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace smokeping::protocol::storable {
namespace {

constexpr std::string_view kMagic = "pst0";
constexpr unsigned char kMajor = 2;   // Storable's file format 2.x
constexpr unsigned char kMinor = 11;  // what Storable 3.x (perl 5.36) writes

// Storable's type bytes (SX_*), only those this subset reads or writes.
enum Sx : unsigned char {
  sx_object = 0x00,  // back reference to an object already read: shared data, refused
  sx_lscalar = 0x01,
  sx_array = 0x02,
  sx_hash = 0x03,
  sx_ref = 0x04,
  sx_undef = 0x05,
  sx_integer = 0x06,  // native IV
  sx_double = 0x07,   // native NV
  sx_byte = 0x08,     // small integer, stored + 128
  sx_netint = 0x09,   // 32-bit big-endian integer
  sx_scalar = 0x0a,
  sx_sv_undef = 0x0e,
  sx_sv_yes = 0x0f,
  sx_sv_no = 0x10,
  sx_utf8str = 0x17,
  sx_lutf8str = 0x18,
  sx_flag_hash = 0x19,  // hash with flags (restricted or UTF-8 keys)
  sx_svundef_elem = 0x1f,
  sx_boolean_true = 0x22,
  sx_boolean_false = 0x23,
};

// Perl prints a floating-point number with "%.15g", and infinities and NaN by name.
std::string perl_number_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Inf" : "Inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

class Reader {
 public:
  Reader(std::string_view bytes, std::size_t max_depth, bool allow_hashes)
      : in_(bytes), max_depth_(max_depth), allow_hashes_(allow_hashes) {}

  ReadResult run() {
    ReadResult result;
    try {
      header();
      unsigned char type = byte();
      if (allow_hashes_ && (type == sx_hash || type == sx_flag_hash)) {
        result.root = hash(type, 1);
      } else if (type != sx_array) {
        fail(allow_hashes_ ? "the top object is neither an array nor a hash"
                           : "the top object is not an array");
      } else {
        result.root = array(1);
      }
      result.ok = true;
    } catch (const Bad& bad) {
      result.error = bad.what;
    }
    return result;
  }

 private:
  struct Bad {
    std::string what;
  };

  [[noreturn]] void fail(std::string_view what) const {
    throw Bad{fmt::format("{} (at byte {})", what, pos_)};
  }

  unsigned char byte() {
    if (pos_ >= in_.size()) fail("unexpected end of data");
    return static_cast<unsigned char>(in_[pos_++]);
  }

  std::string_view take(std::size_t n) {
    if (in_.size() - pos_ < n) fail("unexpected end of data");
    std::string_view out = in_.substr(pos_, n);
    pos_ += n;
    return out;
  }

  // Storable's 4-byte lengths: big-endian in network order, this machine's order otherwise.
  std::uint32_t length() {
    std::string_view b = take(4);
    std::uint32_t v = 0;
    if (network_ || std::endian::native == std::endian::big) {
      for (char c : b) v = (v << 8) | static_cast<unsigned char>(c);
    } else {
      for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[i]);
    }
    if (v > 0x7fffffffu) fail("negative length");
    return v;
  }

  void header() {
    if (take(4) != kMagic) fail("not a Storable file (no \"pst0\" magic)");
    unsigned char flags = byte();
    if ((flags >> 1) != kMajor)
      fail(fmt::format("unsupported Storable major version {}", flags >> 1));
    network_ = (flags & 1) != 0;
    unsigned char minor = byte();
    if (network_) return;
    // Native order: a byte-order string, then the sizes of int, long, pointer and NV.
    std::string_view order = take(byte());
    if (std::endian::native != std::endian::little || order != "12345678")
      fail("native Storable file of a machine with another byte order");
    if (minor >= 2) {
      std::string_view sizes = take(4);
      if (sizes != std::string_view("\x04\x08\x08\x08", 4))
        fail("native Storable file with other integer or pointer sizes");
    }
  }

  Value scalar(std::size_t n) { return Value::scalar_of(std::string(take(n))); }

  Value array(std::size_t depth) {
    if (depth > max_depth_) fail("arrays nested too deeply");
    std::uint32_t count = length();
    // Every element takes at least one byte: a larger count is a lie, not a reason to allocate.
    if (count > in_.size() - pos_) fail("array longer than the data");
    std::vector<Value> items;
    items.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) items.push_back(element(depth));
    return Value::array_of(std::move(items));
  }

  // Storable writes each entry as the value, then the key's length and bytes; SX_FLAG_HASH adds
  // a flags byte before the count and before each key.
  Value hash(unsigned char type, std::size_t depth) {
    if (depth > max_depth_) fail("hashes nested too deeply");
    if (type == sx_flag_hash) byte();
    std::uint32_t count = length();
    // Every entry takes at least five bytes: a larger count is a lie.
    if (count > (in_.size() - pos_) / 5) fail("hash longer than the data");
    std::vector<std::pair<std::string, Value>> entries;
    entries.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      Value value = element(depth);
      if (type == sx_flag_hash && (byte() & 0x01) != 0) fail("hash keys stored as objects");
      std::string key(take(length()));
      entries.emplace_back(std::move(key), std::move(value));
    }
    return Value::hash_of(std::move(entries));
  }

  // One array element: a scalar or a reference to another array.
  Value element(std::size_t depth) {
    unsigned char type = byte();
    switch (type) {
      case sx_scalar:
      case sx_utf8str:
        return scalar(byte());
      case sx_lscalar:
      case sx_lutf8str:
        return scalar(length());
      case sx_undef:
      case sx_sv_undef:
      case sx_svundef_elem:
        return Value{};
      case sx_sv_yes:
      case sx_boolean_true:
        return Value::scalar_of("1");
      case sx_sv_no:
      case sx_boolean_false:
        return Value::scalar_of("");
      case sx_byte:
        return Value::scalar_of(std::to_string(static_cast<int>(byte()) - 128));
      case sx_netint: {
        std::string_view b = take(4);
        std::uint32_t v = 0;
        for (char c : b) v = (v << 8) | static_cast<unsigned char>(c);
        return Value::scalar_of(std::to_string(static_cast<std::int32_t>(v)));
      }
      case sx_integer:
      case sx_double: {
        if (network_) fail("native number in a network-order file");
        std::string_view b = take(8);
        if (type == sx_integer) {
          std::int64_t v;
          std::memcpy(&v, b.data(), sizeof v);
          return Value::scalar_of(std::to_string(v));
        }
        double d;
        std::memcpy(&d, b.data(), sizeof d);
        return Value::scalar_of(perl_number_text(d));
      }
      case sx_ref: {
        unsigned char target = byte();
        if (allow_hashes_ && (target == sx_hash || target == sx_flag_hash))
          return hash(target, depth + 1);
        if (target != sx_array) fail("reference to something other than an array");
        return array(depth + 1);
      }
      case sx_object:
        fail("shared references are not supported");
      case sx_hash:
        fail("hashes are not supported");
      default:
        fail(fmt::format("unsupported Storable type 0x{:02x}", type));
    }
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::size_t max_depth_;
  bool allow_hashes_;
  bool network_ = true;
};

void put_length(std::string& out, std::size_t n) {
  if (n > 0x7fffffffu) throw std::invalid_argument("Storable value longer than 2 GiB");
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((n >> shift) & 0xff));
}

void put_array(std::string& out, const Value& array);
void put_hash(std::string& out, const Value& hash);

void put_element(std::string& out, const Value& v) {
  switch (v.kind) {
    case Value::Kind::undef:
      out.push_back(static_cast<char>(sx_undef));
      break;
    case Value::Kind::scalar:
      if (v.text.size() <= 255) {
        out.push_back(static_cast<char>(sx_scalar));
        out.push_back(static_cast<char>(v.text.size()));
      } else {
        out.push_back(static_cast<char>(sx_lscalar));
        put_length(out, v.text.size());
      }
      out += v.text;
      break;
    case Value::Kind::array:
      out.push_back(static_cast<char>(sx_ref));
      put_array(out, v);
      break;
    case Value::Kind::hash:
      out.push_back(static_cast<char>(sx_ref));
      put_hash(out, v);
      break;
  }
}

void put_hash(std::string& out, const Value& hash) {
  out.push_back(static_cast<char>(sx_hash));
  put_length(out, hash.entries.size());
  for (const auto& [key, value] : hash.entries) {
    put_element(out, value);
    put_length(out, key.size());
    out += key;
  }
}

void put_array(std::string& out, const Value& array) {
  out.push_back(static_cast<char>(sx_array));
  put_length(out, array.items.size());
  for (const Value& item : array.items) put_element(out, item);
}

}  // namespace

ReadResult read(std::string_view bytes, std::size_t max_depth) {
  return Reader(bytes, max_depth, false).run();
}

ReadResult read_with_hashes(std::string_view bytes, std::size_t max_depth) {
  return Reader(bytes, max_depth, true).run();
}

std::string write_network(const Value& root) {
  if (root.kind != Value::Kind::array && root.kind != Value::Kind::hash)
    throw std::invalid_argument("the top object of a Storable file must be an array or a hash");
  std::string out(kMagic);
  out.push_back(static_cast<char>((kMajor << 1) | 1));
  out.push_back(static_cast<char>(kMinor));
  if (root.kind == Value::Kind::array) {
    put_array(out, root);
  } else {
    put_hash(out, root);
  }
  return out;
}

}  // namespace smokeping::protocol::storable
