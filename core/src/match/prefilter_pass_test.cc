// PrefilterPass: one pass over the text gives every pattern exactly the windows and start places
// its own RegexPrefilter would.
#include "match/prefilter_pass.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "text/icu_env.h"
#include "text/text_view.h"
#include "text/utf.h"

namespace postcheck {

TEST_CASE(
    "prefilter pass: the same windows and starts as each pattern's own scan, for more patterns "
    "than one mask word") {
  REQUIRE(EnsureIcu());
  const std::vector<std::string> shapes = {
      "£\\s?\\d{1,6}(?:\\.\\d\\d?)?\\s?(?:m|million|bn)\\b",  // windowed
      "\\bnhs\\s?(?:no\\.?|#)[^\\d\\n]{0,40}?\\d{3}",         // windowed, pairs and triples
      "\\b\\d{1,4}[a-z]?\\s+[a-z]+\\s(?:road|rd|lane)\\b",    // anchored on digits
      "(?:mr|mrs)?\\s*smith",                                 // anchored, optional start
      "\\bq[*#]+nt|\\bwh[*#]+re",                             // anchored, second character
      "\u00e9cole\\w*",                                       // anchored on a non-ASCII character
      "x\\p{L}+y",                                            // anchored
      "a.*b",                                                 // neither: whole text
  };
  // 8 shapes, letters shifted, 80 patterns: masks two words wide.
  std::vector<std::string> patterns;
  for (int shift = 0; patterns.size() < 80; ++shift)
    for (const std::string& s : shapes) {
      std::string p = s;
      bool escaped = false;
      for (char& c : p) {
        if (!escaped && c >= 'a' && c <= 'z' && shift % 26)
          c = static_cast<char>('a' + (c - 'a' + shift) % 26);
        escaped = !escaped && c == '\\';
      }
      patterns.push_back(p);
    }
  std::vector<RegexPrefilter> filters;
  for (const auto& p : patterns) filters.push_back(RegexPrefilter::For(p));
  std::vector<const RegexPrefilter*> pointers;
  for (const auto& f : filters) pointers.push_back(&f);
  PrefilterPass pass(pointers);

  const std::u16string alphabet = u"abcdefhimnoqrstwxyz0123456789 .*#£\u00e9\U000104A1";
  std::mt19937 rng(7);
  std::vector<PrefilterPass::Places> out;
  int windows = 0, starts = 0, whole = 0;
  for (int round = 0; round < 600; ++round) {
    std::u16string text;
    const size_t len = rng() % 120;
    while (text.size() < len) text += alphabet[rng() % alphabet.size()];
    const std::u16string view = MakeBaseView(text).text;
    std::vector<uint8_t> active(filters.size());
    for (auto& a : active) a = rng() % 4 != 0;
    const size_t most = 1 + rng() % 12;
    pass.Run(view, active, most, out);
    REQUIRE(out.size() == filters.size());
    for (size_t k = 0; k < filters.size(); ++k) {
      const auto& got = out[k];
      if (!active[k]) {
        CHECK((got.windows.empty() && got.starts.empty()));
        continue;
      }
      std::vector<std::pair<uint32_t, uint32_t>> want_windows;
      std::vector<uint32_t> want_starts;
      if (filters[k].Windows(view, want_windows)) {
        ++windows;
        REQUIRE_MESSAGE(got.kind == PrefilterPass::Places::Kind::kWindows, patterns[k]);
        REQUIRE_MESSAGE(got.windows == want_windows, patterns[k] << " on " << Utf16ToUtf8(text));
      } else if (filters[k].Starts(view, most, want_starts)) {
        ++starts;
        REQUIRE_MESSAGE(got.kind == PrefilterPass::Places::Kind::kStarts, patterns[k]);
        REQUIRE_MESSAGE(got.starts == want_starts, patterns[k] << " on " << Utf16ToUtf8(text));
      } else {
        ++whole;
        REQUIRE_MESSAGE(got.kind == PrefilterPass::Places::Kind::kWholeText,
                        patterns[k] << " on " << Utf16ToUtf8(text));
      }
    }
  }
  // Every outcome was exercised.
  CHECK(windows > 1000);
  CHECK(starts > 1000);
  CHECK(whole > 1000);
}

}  // namespace postcheck
