// RegexMatcher: one rule pattern (ICU regex, case-insensitive) run on a text view with a step limit, so a bad pattern returns instead of hanging.
#pragma once

#include <unicode/uversion.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "text/span.h"
#include "text/text_view.h"

U_NAMESPACE_BEGIN
class RegexPattern;
class RegexMatcher;
U_NAMESPACE_END

namespace postcheck {

class RegexMatcher {
 public:
  ~RegexMatcher();
  // Compiles `pattern` (UTF-8). On error returns nullptr-like result with the ICU reason and
  // the offset in the pattern.
  static std::unique_ptr<RegexMatcher> Compile(const std::string& pattern, std::string* error);
  // Keeps `pattern` and compiles it on the first Scan, for patterns already known to compile (a
  // packed ruleset is written only by a build that compiled every one): ICU's compile was a fifth
  // of a cold start in wasm, and a check reaches few patterns past their prefilters. Should one
  // fail after all, each Scan returns kFailed, as for any pattern ICU cannot run.
  static std::unique_ptr<RegexMatcher> Deferred(std::string pattern);
  // False until a Scan has compiled (or tried to compile) a deferred pattern; true for Compile's.
  bool compiled() const;

  enum class Outcome { kDone, kTimedOut, kFailed };
  // Appends original-text spans of all (non-empty) matches in `view`. `time_limit` is in ICU
  // time-limit units (~10,000 match steps); with `ticks_left`, the scan also stops when that
  // shared budget runs out, and the units it used are taken from it.
  // With `windows` (view offsets, sorted, disjoint), only matches inside them are looked for;
  // look-arounds and \b still see the text around them. With `starts` (view offsets, sorted),
  // matches are tried only from those places, one anchored match each, as a scan would find
  // them when every non-empty match begins at one of them (RegexPrefilter::Starts). Empty
  // `windows` or `starts` find nothing without compiling a deferred pattern.
  Outcome Scan(const TextView& view, std::u16string_view original, int32_t time_limit,
               std::vector<Span>& out, int64_t* ticks_left = nullptr,
               const std::vector<std::pair<uint32_t, uint32_t>>* windows = nullptr,
               const std::vector<uint32_t>* starts = nullptr) const;

 private:
  RegexMatcher() = default;
  const icu::RegexPattern* Pattern() const;  // null if a deferred pattern does not compile
  mutable std::unique_ptr<icu::RegexPattern> pattern_;
  std::string deferred_;  // a Deferred pattern's source
  mutable std::once_flag compile_once_;
  mutable std::atomic<bool> compiled_{false};
  // One ICU matcher kept between scans: making one per scan allocated its backtracking stack
  // every time, for every pattern of every check. A scan that finds it in use (another thread
  // checking with the same checker) makes its own, so Scan() stays thread-compatible.
  mutable std::unique_ptr<icu::RegexMatcher> spare_;
  mutable std::atomic<bool> spare_busy_{false};
};

}  // namespace postcheck
