// Where a piece of configuration text came from.
#pragma once

#include <memory>
#include <string>

namespace smokeping::core {

// `file` is shared: thousands of values point at the same few file names.
struct SourceLoc {
  std::shared_ptr<const std::string> file;
  int line = 0;  // 1-based; 0 when the error belongs to the file as a whole

  const std::string& file_name() const {
    static const std::string kNone;
    return file ? *file : kNone;
  }
  bool operator==(const SourceLoc& o) const {
    return line == o.line && file_name() == o.file_name();
  }
};

}  // namespace smokeping::core
