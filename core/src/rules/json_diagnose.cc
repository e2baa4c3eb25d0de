// DiagnoseJsonSyntax: a small recursive-descent reader that knows what JSON expects next, so it can say "missing comma" where a parser says "unexpected string literal".
#include "rules/json_diagnose.h"

#include <cctype>
#include <cstring>

namespace postcheck {
namespace {

enum class Tok { kLBrace, kRBrace, kLBracket, kRBracket, kColon, kComma, kString, kNumber, kLiteral,
                 kWord, kCurly, kSingleQuote, kEof, kOther, kBad };

struct Token {
  Tok kind = Tok::kEof;
  size_t start = 0, end = 0;
  std::string text;  // words, bad-token messages
};

bool IsCurly(const std::string& t, size_t i) {
  // U+201C “, U+201D ”, U+2018 ‘, U+2019 ’ : what Word and phones put in place of straight quotes.
  return i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2 && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
         std::strchr("\x9C\x9D\x98\x99", t[i + 2]) != nullptr && t[i + 2] != 0;
}

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

bool ValueStart(Tok k) {
  return k == Tok::kString || k == Tok::kNumber || k == Tok::kLiteral || k == Tok::kLBrace || k == Tok::kLBracket ||
         k == Tok::kWord || k == Tok::kCurly || k == Tok::kSingleQuote;
}

class Reader {
 public:
  Reader(const std::string& t, int max_depth) : t_(t), max_depth_(max_depth) {}

  JsonSyntaxProblem Run() {
    Token first = Next();
    if (first.kind == Tok::kEof) return Problem("the file is empty: it needs at least { }", 0);
    if (!Value(first, 0)) return problem_;
    Token after = Next();
    if (after.kind == Tok::kBad) return problem_;
    if (after.kind != Tok::kEof)
      return Problem("unexpected " + Describe(after) + " after the end of the file's JSON: is there a '}' or ']' too many above it?",
                     after.start);
    return {};
  }

 private:
  JsonSyntaxProblem Problem(const std::string& message, size_t byte) {
    problem_ = {true, message, byte};
    return problem_;
  }
  bool Fail(const std::string& message, size_t byte) {
    Problem(message, byte);
    return false;
  }

  int LineOf(size_t byte) const {
    int line = 1;
    for (size_t i = 0; i < byte && i < t_.size(); ++i) line += t_[i] == '\n';
    return line;
  }

  std::string Describe(const Token& k) const {
    switch (k.kind) {
      case Tok::kLBrace: return "'{'";
      case Tok::kRBrace: return "'}'";
      case Tok::kLBracket: return "'['";
      case Tok::kRBracket: return "']'";
      case Tok::kColon: return "':'";
      case Tok::kComma: return "','";
      case Tok::kString: return "text in quotes";
      case Tok::kNumber: return "a number";
      case Tok::kLiteral: return "'" + k.text + "'";
      case Tok::kWord: return "the word '" + k.text + "'";
      case Tok::kEof: return "the end of the file";
      default: return "'" + t_.substr(k.start, k.end - k.start) + "'";
    }
  }

  void SkipSpaceAndComments() {
    while (i_ < t_.size()) {
      char c = t_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i_; continue; }
      if (c == '/' && i_ + 1 < t_.size() && t_[i_ + 1] == '/') {
        while (i_ < t_.size() && t_[i_] != '\n' && t_[i_] != '\r') ++i_;
        continue;
      }
      if (c == '/' && i_ + 1 < t_.size() && t_[i_ + 1] == '*') {
        size_t e = t_.find("*/", i_ + 2);
        if (e == std::string::npos) { unclosed_comment_ = i_; i_ = t_.size(); return; }
        i_ = e + 2;
        continue;
      }
      break;
    }
  }

  Token Next() {
    SkipSpaceAndComments();
    Token k;
    k.start = i_;
    if (i_ >= t_.size()) {
      k.end = i_;
      if (unclosed_comment_ != std::string::npos) {
        k.kind = Tok::kBad;
        Problem("a '/*' comment is never closed with '*/'", unclosed_comment_);
      }
      return k;
    }
    char c = t_[i_];
    auto single = [&](Tok kind) { k.kind = kind; k.end = ++i_; return k; };
    switch (c) {
      case '{': return single(Tok::kLBrace);
      case '}': return single(Tok::kRBrace);
      case '[': return single(Tok::kLBracket);
      case ']': return single(Tok::kRBracket);
      case ':': return single(Tok::kColon);
      case ',': return single(Tok::kComma);
      case '\'': return single(Tok::kSingleQuote);
      case '"': return String(k);
      default: break;
    }
    if (IsCurly(t_, i_)) { k.kind = Tok::kCurly; i_ += 3; k.end = i_; return k; }
    if (c == '-' || (c >= '0' && c <= '9')) {
      while (i_ < t_.size() && std::strchr("+-.eE0123456789", t_[i_]) && t_[i_] != 0) ++i_;
      k.kind = Tok::kNumber;
      k.end = i_;
      return k;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      while (i_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[i_])) || t_[i_] == '_')) ++i_;
      k.text = t_.substr(k.start, i_ - k.start);
      k.kind = (k.text == "true" || k.text == "false" || k.text == "null") ? Tok::kLiteral : Tok::kWord;
      k.end = i_;
      return k;
    }
    i_ += Utf8Length(static_cast<unsigned char>(c));
    if (i_ > t_.size()) i_ = t_.size();
    k.kind = Tok::kOther;
    k.end = i_;
    return k;
  }

  Token String(Token k) {
    ++i_;  // opening quote
    while (i_ < t_.size()) {
      unsigned char c = static_cast<unsigned char>(t_[i_]);
      if (c == '"') { ++i_; k.kind = Tok::kString; k.end = i_; return k; }
      if (c == '\\') {
        char e = i_ + 1 < t_.size() ? t_[i_ + 1] : '\0';
        if (!std::strchr("\"\\/bfnrtu", e) || e == 0) {
          k.kind = Tok::kBad;
          Problem(std::string("'\\") + e + "' is not allowed inside quotes: write '\\\\' for a backslash", i_);
          return k;
        }
        i_ += 2;
        continue;
      }
      if (c < 0x20) {
        k.kind = Tok::kBad;
        // Usually the closing quote is missing (or is a curly one), so the text runs into the next line.
        bool curly_on_line = false;
        for (size_t j = k.start; j < i_; ++j) curly_on_line = curly_on_line || IsCurly(t_, j);
        Problem(std::string("the text in quotes starting here is not closed before the end of the line: add the closing '\"'") +
                    (curly_on_line ? " (a curly quote \xE2\x80\x9D does not close it; type a straight one)" : ""),
                k.start);
        return k;
      }
      ++i_;
    }
    k.kind = Tok::kBad;
    Problem("the text in quotes starting here is never closed: add the closing '\"'", k.start);
    return k;
  }

  // What to say when a value was expected and `k` came instead.
  bool NotAValue(const Token& k) {
    switch (k.kind) {
      case Tok::kBad: return false;
      case Tok::kCurly:
        return Fail("curly quote '" + t_.substr(k.start, 3) + "' (pasted from Word or a phone?): JSON needs straight double quotes \"like this\"", k.start);
      case Tok::kSingleQuote:
        return Fail("text must be in double quotes \"like this\", not single quotes", k.start);
      case Tok::kWord: {
        std::string lower;
        for (char c : k.text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "true" || lower == "false" || lower == "null")
          return Fail("write '" + lower + "' in lower case", k.start);
        return Fail("the word '" + k.text + "' must be in double quotes: \"" + k.text + "\"", k.start);
      }
      case Tok::kEof: return Fail("the file ends where a value was expected: is something cut off?", k.start);
      case Tok::kComma:
        if (prev_was_comma_) return Fail("two commas in a row: remove one", k.start);
        return Fail("a value is missing before ','", k.start);
      case Tok::kRBracket:
      case Tok::kRBrace:
      case Tok::kColon:
        return Fail("a value is missing before " + Describe(k), k.start);
      default:
        return Fail("unexpected " + Describe(k) + " where a value was expected", k.start);
    }
  }

  bool Value(const Token& k, int depth) {
    if (k.kind != Tok::kComma) prev_was_comma_ = false;
    switch (k.kind) {
      case Tok::kString:
      case Tok::kNumber:
      case Tok::kLiteral:
        last_value_end_ = k.end;
        return true;
      case Tok::kLBrace:
      case Tok::kLBracket:
        if (depth + 1 > max_depth_) return Fail("nesting deeper than " + std::to_string(max_depth_) + " levels", k.start);
        return k.kind == Tok::kLBrace ? Object(k, depth + 1) : Array(k, depth + 1);
      default:
        return NotAValue(k);
    }
  }

  std::string Unclosed(const Token& open) const {
    return std::string(open.kind == Tok::kLBrace ? "the group '{'" : "the list '['") + " opened on line " +
           std::to_string(LineOf(open.start));
  }

  // After an item of a list or group: a ',' and more, or the closing bracket.
  // Returns 1 to continue, 0 when closed, -1 on a problem.
  int AfterItem(const Token& open, Tok close) {
    Token k = Next();
    if (k.kind == Tok::kBad) return -1;
    if (k.kind == close) { last_value_end_ = k.end; return 0; }
    const char* closer = close == Tok::kRBracket ? "']'" : "'}'";
    if (k.kind == Tok::kComma) {
      size_t save = i_;
      Token peek = Next();
      if (peek.kind == Tok::kBad) return -1;
      if (peek.kind == close) {
        Fail(std::string("extra comma before ") + closer + ": remove the ',' after the last item", k.start);
        return -1;
      }
      i_ = save;
      prev_was_comma_ = true;
      return 1;
    }
    if (ValueStart(k.kind)) {
      Fail("missing comma: put a ',' after this item, before the next one on line " + std::to_string(LineOf(k.start)),
           last_value_end_);
      return -1;
    }
    if (k.kind == Tok::kEof) {
      Fail(Unclosed(open) + " is never closed with " + closer, open.start);
      return -1;
    }
    if (k.kind == Tok::kRBrace || k.kind == Tok::kRBracket) {
      Fail("this " + Describe(k) + " does not match " + Unclosed(open) + ": close that with " + closer + " first", k.start);
      return -1;
    }
    Fail("unexpected " + Describe(k) + ": expected ',' or " + closer, k.start);
    return -1;
  }

  bool Array(const Token& open, int depth) {
    size_t save = i_;
    Token k = Next();
    if (k.kind == Tok::kRBracket) { last_value_end_ = k.end; return true; }
    i_ = save;
    for (;;) {
      Token v = Next();
      if (v.kind == Tok::kEof) return Fail(Unclosed(open) + " is never closed with ']'", open.start);
      if (!Value(v, depth)) return false;
      int more = AfterItem(open, Tok::kRBracket);
      if (more < 0) return false;
      if (more == 0) return true;
    }
  }

  bool Object(const Token& open, int depth) {
    size_t save = i_;
    Token k = Next();
    if (k.kind == Tok::kRBrace) { last_value_end_ = k.end; return true; }
    i_ = save;
    for (;;) {
      Token key = Next();
      if (key.kind == Tok::kBad) return false;
      if (key.kind == Tok::kEof) return Fail(Unclosed(open) + " is never closed with '}'", open.start);
      if (key.kind == Tok::kCurly || key.kind == Tok::kSingleQuote) return NotAValue(key);
      if (key.kind == Tok::kWord || key.kind == Tok::kLiteral)
        return Fail("the name '" + key.text + "' must be in double quotes: \"" + key.text + "\"", key.start);
      if (key.kind == Tok::kComma) return Fail("two commas in a row: remove one", key.start);
      if (key.kind != Tok::kString)
        return Fail("expected a name in double quotes, such as \"id\", but found " + Describe(key), key.start);
      Token colon = Next();
      if (colon.kind == Tok::kBad) return false;
      if (colon.kind != Tok::kColon)
        return Fail("missing ':' after the name " + t_.substr(key.start, key.end - key.start), key.end);
      Token v = Next();
      if (!Value(v, depth)) return false;
      int more = AfterItem(open, Tok::kRBrace);
      if (more < 0) return false;
      if (more == 0) return true;
    }
  }

  const std::string& t_;
  int max_depth_;
  size_t i_ = 0;
  size_t last_value_end_ = 0;
  bool prev_was_comma_ = false;  // the token before the current one was a ','
  size_t unclosed_comment_ = std::string::npos;
  JsonSyntaxProblem problem_;
};

}  // namespace

JsonSyntaxProblem DiagnoseJsonSyntax(const std::string& text, int max_depth) {
  return Reader(text, max_depth).Run();
}

}  // namespace postcheck
