// RegexMatcher: ICU's RegexMatcher with uregex time limits; the matcher aliases the view's text, so no copy per check.
#include "match/regex_matcher.h"

#include <algorithm>

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/utf.h"

namespace postcheck {

RegexMatcher::~RegexMatcher() = default;

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
    // ICU answers the property by folding the character in full: in wasm that was most of the
    // time spent compiling patterns, for an answer that in ASCII is "a capital letter".
    if (c < 0x80 ? (c >= u'A' && c <= u'Z') : u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_CASEFOLDED)) return true;
    i = p.moveIndex32(i, 1);
  }
  return false;
}

std::unique_ptr<icu::RegexPattern> CompileIcu(const std::string& pattern, std::string* error) {
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
  return compiled;
}

}  // namespace

std::unique_ptr<RegexMatcher> RegexMatcher::Compile(const std::string& pattern,
                                                    std::string* error) {
  std::unique_ptr<icu::RegexPattern> compiled = CompileIcu(pattern, error);
  if (!compiled) return nullptr;
  std::unique_ptr<RegexMatcher> m(new RegexMatcher());
  m->pattern_ = std::move(compiled);
  m->compiled_.store(true, std::memory_order_release);
  return m;
}

std::unique_ptr<RegexMatcher> RegexMatcher::Deferred(std::string pattern) {
  std::unique_ptr<RegexMatcher> m(new RegexMatcher());
  m->deferred_ = std::move(pattern);
  return m;
}

bool RegexMatcher::compiled() const { return compiled_.load(std::memory_order_acquire); }

const icu::RegexPattern* RegexMatcher::Pattern() const {
  if (!compiled()) {
    // Two threads checking with one checker: the first compiles, the other waits for it.
    std::call_once(compile_once_, [this] {
      std::string error;
      pattern_ = CompileIcu(deferred_, &error);
      compiled_.store(true, std::memory_order_release);
    });
  }
  return pattern_.get();
}

namespace {

// Counts ICU's time-limit units as they pass (the callback runs once per unit) and stops the
// match when the allowance is used up: a step count, the same on every machine and in wasm.
struct StepMeter {
  int64_t allowance;
  int64_t used = 0;
  int32_t last = 0;
};

UBool CountSteps(const void* context, int32_t steps) {
  auto* meter = static_cast<StepMeter*>(const_cast<void*>(context));
  // ICU reports the units since the matcher was last reset; a smaller value means a reset.
  meter->used += steps > meter->last ? steps - meter->last : steps;
  meter->last = steps;
  return meter->used < meter->allowance;
}

}  // namespace

RegexMatcher::Outcome RegexMatcher::Scan(const TextView& view, std::u16string_view original,
                                         int32_t time_limit, std::vector<Span>& out,
                                         int64_t* ticks_left,
                                         const std::vector<std::pair<uint32_t, uint32_t>>* windows,
                                         const std::vector<uint32_t>* starts) const {
  // No place a match can begin, or no stretch that can hold one: nothing to find, and a deferred
  // pattern stays uncompiled (a post without digits never builds the address patterns, nor, if
  // it is the first pattern reached, ICU's regex tables: ~11 ms of a cold wasm start).
  if ((starts && starts->empty()) || (windows && windows->empty())) return Outcome::kDone;
  UErrorCode status = U_ZERO_ERROR;
  // Read-only alias: ICU reads the view's buffer directly.
  icu::UnicodeString text(false, view.text.data(), static_cast<int32_t>(view.text.size()));
  // The kept matcher if no other scan holds it; handed back (pointing at no text) on return.
  struct Lease {
    const RegexMatcher& owner;
    bool held;
    std::unique_ptr<icu::RegexMatcher> fresh;
    ~Lease() {
      if (!held) return;
      if (fresh) owner.spare_ = std::move(fresh);
      static const icu::UnicodeString kNoText;
      if (owner.spare_) owner.spare_->reset(kNoText);
      owner.spare_busy_.store(false, std::memory_order_release);
    }
  } lease{*this, !spare_busy_.exchange(true, std::memory_order_acquire), nullptr};
  const icu::RegexPattern* pattern = Pattern();
  if (!pattern) return Outcome::kFailed;
  icu::RegexMatcher* m = nullptr;
  if (lease.held && spare_) {
    m = &spare_->reset(text);
  } else {
    lease.fresh.reset(pattern->matcher(text, status));
    m = lease.fresh.get();
  }
  if (U_FAILURE(status) || !m) return Outcome::kFailed;
  // A kept matcher remembers the last scan's bounds: every mode sets its own.
  m->useTransparentBounds(false);
  m->useAnchoringBounds(true);
  StepMeter meter{std::max<int64_t>(1, time_limit)};
  if (ticks_left) meter.allowance = std::max<int64_t>(1, std::min(meter.allowance, *ticks_left));
  m->setMatchCallback(CountSteps, &meter, status);
  int32_t guard = 0;
  auto scan = [&] {
    while (m->find(status)) {
      int32_t s = m->start(status), e = m->end(status);
      if (U_FAILURE(status)) return false;
      if (e > s) out.push_back(view.ToOriginal(Span{static_cast<uint32_t>(s), static_cast<uint32_t>(e)}, original));
      if (++guard > 100000) return false;  // pathological count of matches: enough is enough
    }
    return static_cast<bool>(U_SUCCESS(status));
  };
  if (starts) {
    // A scan tries every place in turn and takes the first match; trying only the places a
    // match can begin, skipping those inside the last match, finds the same matches.
    m->useTransparentBounds(true);
    m->useAnchoringBounds(false);
    const int32_t n = static_cast<int32_t>(view.text.size());
    int32_t next = 0;
    for (uint32_t p : *starts) {
      if (static_cast<int32_t>(p) < next) continue;
      m->region(static_cast<int32_t>(p), n, status);
      if (U_FAILURE(status) || !m->lookingAt(status) || U_FAILURE(status)) {
        if (U_FAILURE(status)) break;
        continue;
      }
      int32_t s = m->start(status), e = m->end(status);
      if (U_FAILURE(status)) break;
      if (e > s) {
        out.push_back(view.ToOriginal(Span{static_cast<uint32_t>(s), static_cast<uint32_t>(e)}, original));
        next = e;
      }
      if (++guard > 100000) break;
    }
  } else if (!windows) {
    scan();
  } else {
    // Transparent bounds: look-behind, look-ahead and \b see past the window's edges, so a
    // match inside a window is found exactly as a scan of the whole text finds it.
    m->useTransparentBounds(true);
    m->useAnchoringBounds(false);
    for (const auto& [lo, hi] : *windows) {
      m->region(lo, hi, status);
      if (U_FAILURE(status) || !scan()) break;
    }
  }
  if (ticks_left) *ticks_left -= meter.used;
  if (status == U_REGEX_TIME_OUT || status == U_REGEX_STOPPED_BY_CALLER) return Outcome::kTimedOut;
  if (U_FAILURE(status)) return Outcome::kFailed;
  return Outcome::kDone;
}

}  // namespace postcheck
