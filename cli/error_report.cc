// ErrorReport: the caret counts code points, so it sits under the right character in lines with accents or emoji.
#include "error_report.h"

#include <algorithm>
#include <string>

namespace postcheck::cli {
namespace {

constexpr size_t kMaxShown = 140;  // longer lines are cut around the caret

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Byte offset of code point `cp` in `s` (or its size).
size_t ByteOfCodePoint(const std::string& s, size_t cp) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == cp) return i;
      ++n;
    }
  }
  return s.size();
}

}  // namespace

std::string CaretLine(const Location& where, const std::vector<SourceFile>& files) {
  if (where.line <= 0) return "";
  auto f = std::find_if(files.begin(), files.end(), [&](const SourceFile& x) { return x.name == where.file; });
  if (f == files.end()) return "";
  size_t start = 0;
  for (int line = 1; line < where.line; ++line) {
    start = f->text.find('\n', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  size_t end = f->text.find('\n', start);
  std::string text = f->text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!text.empty() && text.back() == '\r') text.pop_back();
  size_t col = where.column > 0 ? static_cast<size_t>(where.column) - 1 : 0;
  std::string prefix;
  if (CodePoints(text) > kMaxShown) {
    size_t from = col > kMaxShown / 2 ? col - kMaxShown / 2 : 0;
    size_t b0 = ByteOfCodePoint(text, from), b1 = ByteOfCodePoint(text, from + kMaxShown);
    text = (from > 0 ? "..." : "") + text.substr(b0, b1 - b0) + (b1 < text.size() ? "..." : "");
    col = col - from + (from > 0 ? 3 : 0);
  }
  std::string number = std::to_string(where.line);
  std::string caret(col, ' ');
  // Tabs stay tabs under the line, so the caret lines up in any terminal.
  size_t b = 0;
  for (size_t i = 0; i < col && b < text.size(); ++i) {
    if (text[b] == '\t') caret[i] = '\t';
    b = ByteOfCodePoint(text, i + 1);
  }
  return "  " + number + " | " + text + "\n  " + std::string(number.size(), ' ') + " | " + caret + "^\n";
}

int PrintLoadErrors(const Status& first, const std::vector<SourceFile>& files, std::FILE* out) {
  std::vector<Status> errors;
  if (first.code == StatusCode::kSyntaxError) {
    // Each file on its own: its syntax is checked before anything else, so a syntax error
    // found this way is that file's first one, whatever the other files hold.
    LoadOptions options;
    options.compile_all_trusts = false;
    for (const auto& f : files) {
      auto one = LoadRuleset({f}, options);
      if (!one.ok() && one.status().code == StatusCode::kSyntaxError) errors.push_back(one.status());
    }
  }
  if (errors.empty()) errors.push_back(first);
  for (const auto& e : errors) {
    if (e.where.file.empty()) std::fprintf(out, "postcheck: error: %s\n", e.ToString().c_str());
    else std::fprintf(out, "%s\n", e.ToString().c_str());
    std::fputs(CaretLine(e.where, files).c_str(), out);
  }
  std::fprintf(out, "%zu error%s\n", errors.size(), errors.size() == 1 ? "" : "s");
  return static_cast<int>(errors.size());
}

}  // namespace postcheck::cli
