// JsonSource: one rules file parsed (comments allowed, depth-limited, no exceptions) with JSON-path -> line/column lookup.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "postcheck/ruleset.h"
#include "postcheck/status.h"

namespace postcheck {

// Appends a member or index to a JSON path the way error messages show it: $.rules[3].match.
std::string JsonPathKey(const std::string& parent, const std::string& key);
std::string JsonPathIndex(const std::string& parent, size_t index);

class JsonSource {
 public:
  // Parses `file`. Errors carry file, line, column (1-based, in code points) and a message.
  static Result<std::shared_ptr<const JsonSource>> Parse(const SourceFile& file, int max_depth);

  const nlohmann::json& root() const { return root_; }
  // The tree is read once, by ParseRuleset; a loaded ruleset keeps only the text (for Locate).
  // Freeing it before the checker is compiled lets the compile reuse that memory, which in wasm
  // is never given back once touched.
  void ReleaseTree() const { nlohmann::json().swap(root_); }
  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  // Location of the value at `json_path` (falls back to the nearest ancestor that exists).
  Location Locate(const std::string& json_path) const;
  // Line/column of a byte offset.
  Location LocateByte(size_t byte) const;

 private:
  std::string name_;
  std::string text_;
  mutable nlohmann::json root_;
  mutable std::vector<std::pair<std::string, size_t>> paths_;  // built on first Locate()
  mutable std::unordered_map<std::string, size_t> index_;      // path -> byte, over paths_
  mutable std::vector<size_t> line_starts_;                     // byte offset of each line
  mutable bool paths_built_ = false;
};

}  // namespace postcheck
