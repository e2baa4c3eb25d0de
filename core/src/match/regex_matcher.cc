// RegexMatcher: ICU's RegexMatcher with uregex time limits; the matcher aliases the view's text, so no copy per check.
#include "match/regex_matcher.h"

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/utf.h"

namespace postcheck {

RegexMatcher::~RegexMatcher() = default;
RegexMatcher::RegexMatcher(RegexMatcher&&) noexcept = default;

namespace {

// Patterns run on case-folded text, so a pattern written in lower case needs no case-insensitive
// matching, whose compile-time case closure is the costliest part of loading rules (profiled in
// wasm). A pattern with a letter that case folding changes, outside an escape such as \S or
// \p{Lu}, keeps the flag so it still matches as its author meant.
bool NeedsCaseInsensitive(const icu::UnicodeString& p) {
  for (int32_t i = 0; i < p.length();) {
    UChar32 c = p.char32At(i);
    if (c == u'\\') {
      int32_t next = i + 1;
      if (next < p.length() && (p.charAt(next) == u'p' || p.charAt(next) == u'P' || p.charAt(next) == u'N') &&
          next + 1 < p.length() && p.charAt(next + 1) == u'{') {
        int32_t close = p.indexOf(u'}', next);
        i = close < 0 ? p.length() : close + 1;
      } else {
        i = next < p.length() ? p.moveIndex32(next, 1) : next;
      }
      continue;
    }
    if (u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_CASEFOLDED)) return true;
    i = p.moveIndex32(i, 1);
  }
  return false;
}

}  // namespace

std::unique_ptr<RegexMatcher> RegexMatcher::Compile(const std::string& pattern, std::string* error) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError pe{};
  icu::UnicodeString p = icu::UnicodeString::fromUTF8(pattern);
  std::unique_ptr<icu::RegexPattern> compiled(
      icu::RegexPattern::compile(p, NeedsCaseInsensitive(p) ? UREGEX_CASE_INSENSITIVE : 0, pe, status));
  if (U_FAILURE(status) || !compiled) {
    *error = std::string("the regex does not compile (") + u_errorName(status) + ")";
    if (pe.offset >= 0) error->append(" near character " + std::to_string(pe.offset + 1));
    return nullptr;
  }
  std::unique_ptr<RegexMatcher> m(new RegexMatcher());
  m->pattern_ = std::move(compiled);
  return m;
}

RegexMatcher::Outcome RegexMatcher::Scan(const TextView& view, std::u16string_view original,
                                         int32_t time_limit, std::vector<Span>& out) const {
  UErrorCode status = U_ZERO_ERROR;
  // Read-only alias: ICU reads the view's buffer directly.
  icu::UnicodeString text(false, view.text.data(), static_cast<int32_t>(view.text.size()));
  std::unique_ptr<icu::RegexMatcher> m(pattern_->matcher(text, status));
  if (U_FAILURE(status) || !m) return Outcome::kFailed;
  m->setTimeLimit(time_limit, status);
  int32_t guard = 0;
  while (m->find(status)) {
    int32_t s = m->start(status), e = m->end(status);
    if (U_FAILURE(status)) break;
    if (e > s) out.push_back(view.ToOriginal(Span{static_cast<uint32_t>(s), static_cast<uint32_t>(e)}, original));
    if (++guard > 100000) break;  // pathological count of matches: enough is enough
  }
  if (status == U_REGEX_TIME_OUT) return Outcome::kTimedOut;
  if (U_FAILURE(status)) return Outcome::kFailed;
  return Outcome::kDone;
}

}  // namespace postcheck
