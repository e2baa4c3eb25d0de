// Status formatting: the one place that turns an error value into the "file:line:col: path: message" text users see.
#include "postcheck/status.h"

namespace postcheck {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kSyntaxError: return "syntax_error";
    case StatusCode::kSchemaError: return "schema_error";
    case StatusCode::kCompileError: return "compile_error";
    case StatusCode::kExampleFailed: return "example_failed";
    case StatusCode::kResourceLimit: return "resource_limit";
    case StatusCode::kInternal: return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) {
      out += ":" + std::to_string(where.line);
      if (where.column > 0) out += ":" + std::to_string(where.column);
    }
    out += ": ";
  }
  if (!where.json_path.empty()) out += where.json_path + ": ";
  out += message;
  return out;
}

}  // namespace postcheck
