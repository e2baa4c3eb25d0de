// Status and Result<T>: errors are values carrying a message and where they happened; nothing throws across the API.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace postcheck {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad input from the caller (unknown trust id, bad option)
  kSyntaxError,      // ruleset text is not valid JSON (with comments)
  kSchemaError,      // ruleset JSON does not follow the rule format
  kCompileError,     // a term, pattern or reference in a rule could not be compiled
  kExampleFailed,    // a rule's own example did not behave as declared
  kResourceLimit,    // input or ruleset over a size/time budget
  kInternal,         // a bug or an ICU failure; callers fail open
};

// Where an error happened, as precisely as known. line/column are 1-based; 0 means unknown.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  std::string json_path;  // e.g. "$.rules[3].match.terms[2]"
};

struct Status {
  StatusCode code = StatusCode::kOk;
  std::string message;
  Location where;

  bool ok() const { return code == StatusCode::kOk; }
  static Status Ok() { return {}; }
  static Status Error(StatusCode c, std::string msg, Location at = {}) {
    return Status{c, std::move(msg), std::move(at)};
  }
  // "rules/core/x.json:12:5: $.rules[3].category: unknown category 'foo'"
  std::string ToString() const;
};

const char* StatusCodeName(StatusCode code);

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}    // NOLINT
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace postcheck
