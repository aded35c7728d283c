// A Perl data value as Data::Dumper writes it and as the slave config travels
// (master-slave.md §4.4, §4.6): undef, a string of bytes, an integer, a hash or an array.
// Hashes keep their keys in insertion order, so text read from the original's Dumper and
// written back comes out byte for byte the same.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smokeping::protocol {

class PerlValue {
 public:
  enum class Kind {
    undef,
    string,  // bytes; `utf8` marks text that Perl holds as characters (Dumper's "..." form)
    number,  // an integer Perl holds as a number (Dumper prints it bare), kept as its text
    hash,
    array,
  };
  using Entry = std::pair<std::string, PerlValue>;
  using Hash = std::vector<Entry>;
  using Array = std::vector<PerlValue>;

  PerlValue() = default;  // undef
  static PerlValue string(std::string bytes, bool utf8 = false);
  static PerlValue number(std::int64_t n);
  // `digits` must be -?[0-9]+ (throws std::invalid_argument otherwise).
  static PerlValue number_text(std::string digits);
  static PerlValue hash(Hash entries = {});
  static PerlValue array(Array elements = {});

  Kind kind() const { return kind_; }
  bool is_undef() const { return kind_ == Kind::undef; }
  bool is_string() const { return kind_ == Kind::string; }
  bool is_number() const { return kind_ == Kind::number; }
  bool is_scalar() const { return kind_ == Kind::string || kind_ == Kind::number; }
  bool is_hash() const { return kind_ == Kind::hash; }
  bool is_array() const { return kind_ == Kind::array; }

  // The text of a string or number; empty for the other kinds.
  const std::string& text() const { return text_; }
  bool utf8() const { return utf8_; }

  // The entries of a hash (empty for other kinds); the mutable form requires a hash.
  const Hash& entries() const { return hash_; }
  Hash& entries();
  // The elements of an array (empty for other kinds); the mutable form requires an array.
  const Array& elements() const { return array_; }
  Array& elements();

  // Hash lookup (linear); nullptr when absent or when this is not a hash.
  const PerlValue* find(std::string_view key) const;
  PerlValue* find(std::string_view key);
  // Replaces the value of `key` where it is, or appends it (hash only).
  PerlValue& set(std::string key, PerlValue value);
  // Appends without looking for an existing key: for builders whose keys are unique.
  PerlValue& append(std::string key, PerlValue value);
  // Appends an element (array only).
  PerlValue& push(PerlValue value);

  // Perl's truth: undef, "", "0" and the number 0 are false; references are true.
  bool perl_true() const;

  // Same kind and content, hash entries in the same order.
  bool operator==(const PerlValue& other) const;

 private:
  Kind kind_ = Kind::undef;
  bool utf8_ = false;
  std::string text_;
  Hash hash_;
  Array array_;
};

// Same data with hash key order ignored (Perl's hash order is random).
bool same_data(const PerlValue& a, const PerlValue& b);

// Where `same_data` first differs, as "Targets/Local/t2: ..." ; empty when the data agree.
std::string first_difference(const PerlValue& a, const PerlValue& b);

}  // namespace smokeping::protocol
