// JsonSource: parsing through nlohmann's SAX interface (so no exception is ever thrown) plus a path scanner for locations.
#include "rules/json_source.h"

#include "rules/json_diagnose.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace postcheck {
namespace {

using nlohmann::json;

bool IsIdentifier(const std::string& key) {
  if (key.empty() || !(std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_')) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Builds the DOM with nlohmann's own SAX DOM builder, adding a depth limit and capturing the
// first error's byte position instead of throwing.
class LimitedDomBuilder {
 public:
  LimitedDomBuilder(json& root, int max_depth) : dom_(root, false), max_depth_(max_depth) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const std::string& s) { return dom_.number_float(v, s); }
  bool string(std::string& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return Enter() && dom_.start_object(n); }
  bool key(std::string& k) { return dom_.key(k); }
  bool end_object() { --depth_; return dom_.end_object(); }
  bool start_array(std::size_t n) { return Enter() && dom_.start_array(n); }
  bool end_array() { --depth_; return dom_.end_array(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) {
    if (!failed_) {
      failed_ = true;
      error_position_ = position;
      error_ = ex.what();
      // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 1, column 2:
      // syntax error while parsing value - invalid literal; last read: 'x'"; keep the useful tail.
      auto cut = error_.find(": ", error_.find("parse error"));
      if (cut != std::string::npos) error_ = error_.substr(cut + 2);
      (void)last_token;
    }
    return false;
  }

  bool failed() const { return failed_; }
  size_t error_position() const { return error_position_; }
  const std::string& error() const { return error_; }

 private:
  bool Enter() {
    if (++depth_ > max_depth_) {
      failed_ = true;
      error_ = "nesting deeper than " + std::to_string(max_depth_) + " levels";
      return false;
    }
    return true;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  int max_depth_;
  int depth_ = 0;
  bool failed_ = false;
  size_t error_position_ = 0;  // 0 also for the depth error: filled in below from the scanner
  std::string error_;
};

// Walks already-valid JSON (with comments) recording where each value starts, keyed by path.
class PathScanner {
 public:
  PathScanner(const std::string& t, std::vector<std::pair<std::string, size_t>>& out)
      : t_(t), out_(out) {}
  void Run() { Value("$", 0); }

 private:
  void Skip() {
    while (i_ < t_.size()) {
      char c = t_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i_; continue; }
      if (c == '/' && i_ + 1 < t_.size() && t_[i_ + 1] == '/') {
        // nlohmann ends a line comment at \n, \r or NUL: the scanner must agree, or the two
        // disagree on where values are (found by fuzz_ruleset_load).
        while (i_ < t_.size() && t_[i_] != '\n' && t_[i_] != '\r' && t_[i_] != '\0') ++i_;
        continue;
      }
      if (c == '/' && i_ + 1 < t_.size() && t_[i_ + 1] == '*') {
        size_t e = t_.find("*/", i_ + 2);
        i_ = e == std::string::npos ? t_.size() : e + 2;
        continue;
      }
      break;
    }
  }
  std::string String() {
    std::string s;
    ++i_;  // opening quote
    while (i_ < t_.size() && t_[i_] != '"') {
      if (t_[i_] == '\\' && i_ + 1 < t_.size()) { s += t_[i_ + 1]; i_ += 2; continue; }
      s += t_[i_++];
    }
    ++i_;
    return s;
  }
  void Value(const std::string& path, int depth) {
    Skip();
    if (i_ >= t_.size() || depth > 200) return;
    out_.emplace_back(path, i_);
    char c = t_[i_];
    if (c == '{') {
      ++i_;
      for (;;) {
        Skip();
        if (i_ >= t_.size() || t_[i_] == '}') { ++i_; return; }
        if (t_[i_] == ',') { ++i_; continue; }
        if (t_[i_] != '"') { ++i_; continue; }
        std::string key = String();
        Skip();
        if (i_ < t_.size() && t_[i_] == ':') ++i_;
        size_t before = i_;
        Value(JsonPathKey(path, key), depth + 1);
        if (i_ == before) ++i_;  // always make progress, whatever the input
      }
    } else if (c == '[') {
      ++i_;
      size_t index = 0;
      for (;;) {
        Skip();
        if (i_ >= t_.size() || t_[i_] == ']') { ++i_; return; }
        if (t_[i_] == ',') { ++i_; continue; }
        size_t before = i_;
        Value(JsonPathIndex(path, index++), depth + 1);
        if (i_ == before) ++i_;
      }
    } else if (c == '"') {
      String();
    } else {
      while (i_ < t_.size() && !std::strchr(",]} \t\r\n/", t_[i_])) ++i_;
    }
  }

  const std::string& t_;
  std::vector<std::pair<std::string, size_t>>& out_;
  size_t i_ = 0;
};

}  // namespace

std::string JsonPathKey(const std::string& parent, const std::string& key) {
  if (IsIdentifier(key)) return parent + "." + key;
  return parent + "[" + json(key).dump(-1, ' ', false, json::error_handler_t::replace) + "]";
}

std::string JsonPathIndex(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

Result<std::shared_ptr<const JsonSource>> JsonSource::Parse(const SourceFile& file, int max_depth) {
  auto src = std::make_shared<JsonSource>();
  src->name_ = file.name;
  src->text_ = file.text;
  // nlohmann stops reading at a NUL byte, so anything after one would be silently ignored (N1).
  if (size_t nul = src->text_.find('\0'); nul != std::string::npos) {
    return Status::Error(StatusCode::kSyntaxError, "a NUL byte is not allowed in a rules file",
                         src->LocateByte(nul));
  }
  LimitedDomBuilder builder(src->root_, max_depth);
  json::sax_parse(src->text_, &builder, nlohmann::detail::input_format_t::json,
                  /*strict=*/true, /*ignore_comments=*/true);
  if (builder.failed()) {
    Location at = src->LocateByte(builder.error_position() > 0 ? builder.error_position() - 1 : 0);
    if (builder.error_position() == 0) return Status::Error(StatusCode::kSyntaxError, builder.error(), at);
    // The parser says what token it did not expect, often a line late ("unexpected string literal"
    // for a comma missing at the end of the line before); the diagnosis names the mistake where it is.
    JsonSyntaxProblem p = DiagnoseJsonSyntax(src->text_, max_depth);
    if (p.found) return Status::Error(StatusCode::kSyntaxError, p.message, src->LocateByte(p.byte));
    return Status::Error(StatusCode::kSyntaxError, builder.error(), at);
  }
  return std::shared_ptr<const JsonSource>(std::move(src));
}

Location JsonSource::LocateByte(size_t byte) const {
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
  Location at;
  at.file = name_;
  byte = std::min(byte, text_.size());
  size_t line = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte) - line_starts_.begin();
  size_t line_start = line_starts_[line - 1];
  int column = 1;
  for (size_t i = line_start; i < byte; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // count code points
  }
  at.line = static_cast<int>(line);
  at.column = column;
  return at;
}

Location JsonSource::Locate(const std::string& json_path) const {
  if (!paths_built_) {
    PathScanner(text_, paths_).Run();
    index_.reserve(paths_.size());
    for (const auto& [p, byte] : paths_) index_.emplace(p, byte);
    paths_built_ = true;
  }
  std::string path = json_path;
  for (;;) {
    if (auto it = index_.find(path); it != index_.end()) {
      Location at = LocateByte(it->second);
      at.json_path = json_path;
      return at;
    }
    // Fall back to the parent: a missing key is reported where its object starts.
    size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) break;
    path.resize(cut);
  }
  Location at;
  at.file = name_;
  at.json_path = json_path;
  return at;
}

}  // namespace postcheck
