// RegexPrefilter: what it requires for typical rule patterns, and (the safety property) it never turns away a text the pattern matches.
#include "match/regex_prefilter.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "match/regex_matcher.h"
#include "text/icu_env.h"
#include "text/text_view.h"
#include "text/utf.h"

namespace postcheck {
namespace {

bool May(const char* pattern, const std::u16string& text) {
  return RegexPrefilter::For(pattern).MayMatch(TextSketch(MakeBaseView(text).text));
}

}  // namespace

TEST_CASE("prefilter: a required rare character or pair skips ordinary text") {
  REQUIRE(EnsureIcu());
  // Money in millions needs a pound sign.
  CHECK_FALSE(May("£\\s?\\d+(?:\\.\\d+)?\\s?(?:m|million|bn|billion)\\b", u"we spent 5 million on it"));
  CHECK(May("£\\s?\\d+(?:\\.\\d+)?\\s?(?:m|million|bn|billion)\\b", u"we spent £5m on it"));
  // Masked words need a mask character next to a letter.
  const char* masked = "\\bf[\\*#@_.]+g(?:got|g[o0]t)?s?\\b|\\bf[a@4][\\*#]+[o0]ts?\\b";
  CHECK_FALSE(May(masked, u"the fog lifted. Good morning, friends."));
  CHECK(May(masked, u"what a f*g"));
  CHECK(May(masked, u"F#GGOT"));  // case-folded text, upper-case letters in the post
  // A mobile number needs "07" or a plus sign.
  const char* mobile = "(?<![\\d+])(?:\\+\\s?44\\s?\\(?0?\\)?\\s?7\\d{3}|07\\d{3})[\\s.-]?\\d{3}[\\s.-]?\\d{3}(?!\\d)";
  CHECK_FALSE(May(mobile, u"call 0161 496 0000 after 5"));
  CHECK(May(mobile, u"text 07700 900123"));
  CHECK(May(mobile, u"text +44 7700 900123"));
  // A word every match spells out is read as runs of three: a post with "office" and "special"
  // has all of official's pairs but not its "ici", so the pattern is skipped.
  const char* official = "(?<!\\p{L})(?:ed|a&e|icu|nhs|ward|hospital|trust|team)\\s*[-–:]\\s*official\\b";
  CHECK_FALSE(May(official, u"Ward 3 office is so special, the team: all heroes"));
  CHECK(May(official, u"Ward 3 - Official: closing"));
}

TEST_CASE("prefilter: constructs it does not model let every text through") {
  for (const char* p : {"\\p{Lu}+", "(?x) a b", "[^a]", "a*", "(a|)", ".", "\\d+", "x|\\w", "\\Qa\\E",
                        "[[a-z]&&[aeiou]]", "\\u00e9", "a{0,3}", "[^a", "\\p{L", "(?i"}) {
    CHECK_MESSAGE(RegexPrefilter::For(p).always(), p);
  }
}

TEST_CASE("prefilter: a construct it cannot read is skipped as one code point, the rest still filters") {
  REQUIRE(EnsureIcu());
  // Ruleset 1.4 patterns that used to run on every text: a property, a negated class, flags.
  const char* official = "official\\s*[:\\-\u2013]\\s*\\p{L}+['\u2019]s\\s";
  CHECK_FALSE(RegexPrefilter::For(official).always());
  CHECK_FALSE(May(official, u"lovely shift today, thanks all"));
  CHECK(May(official, u"Official: Bob's view"));
  const char* nhs_no = "\\bnhs\\s*(?:no\\.?|#)[^\\d\\n]{0,40}?\\d{3}[\\s.\\-]?\\d{3}[\\s.\\-]?\\d{4}\\b";
  CHECK_FALSE(RegexPrefilter::For(nhs_no).always());
  CHECK_FALSE(May(nhs_no, u"proud to work for the health service"));
  CHECK(RegexPrefilter::For("a[^b]c").max_length() == 6);
  CHECK(RegexPrefilter::For("a[[a-z]&&[^e]]\\p{Lu}\\x{41}\\u00e9c").max_length() == 12);
  CHECK_FALSE(May("(?i)abc", u"xyz"));
  CHECK(May("(?i)abc", u"ABC"));
  CHECK_FALSE(May("(?i:ab)c", u"xyz"));
  CHECK(RegexPrefilter::For("(?x) a b").always());  // (?x) changes how the pattern reads
  CHECK_FALSE(RegexPrefilter::For("ab?c").always());
  CHECK(RegexPrefilter::For("ab?c").max_length() == 6);  // code points may be surrogate pairs
  CHECK(RegexPrefilter::For("a(?:bc|d){2,3}").max_length() == 14);
  CHECK(RegexPrefilter::For("ab+").max_length() == 0);  // unbounded
  CHECK_FALSE(RegexPrefilter::For("(?:ward|bay)\\s*\\d").always());
}

TEST_CASE("prefilter: classes are closed over case, keeping only what the base view can hold") {
  REQUIRE(EnsureIcu());
  // The base view folds the Kelvin sign to k and the long s to s, and all capitals to small.
  CHECK(May("[jk]q", u"\u212Aq"));
  CHECK(May("x[r-t]", u"X\u017F"));
  CHECK(May("[JK]Q", u"kq"));
  CHECK_FALSE(May("[jk]q", u"lq"));
  CHECK_FALSE(May("x[r-t]", u"xu"));
  // So the filter looks for j, k, q and jq, kq only: no capitals, no Kelvin sign.
  CHECK(RegexPrefilter::For("[jk]q").size() == 5);
  CHECK(RegexPrefilter::For("[JK]Q").size() == 5);
}

TEST_CASE("prefilter: a start by \\d or \\s outside ASCII is a place of that class, not any character") {
  REQUIRE(EnsureIcu());
  std::vector<uint32_t> starts;
  // U+0663 ARABIC-INDIC DIGIT THREE and U+2003 EM SPACE begin matches; the letters do not.
  REQUIRE(RegexPrefilter::For("\\d+kg").Starts(u"\u00e9\u0663kg x", SIZE_MAX, starts));
  CHECK(starts == std::vector<uint32_t>{1});
  starts.clear();
  REQUIRE(RegexPrefilter::For("\\s+end").Starts(u"\u00e9\u2003end", SIZE_MAX, starts));
  CHECK(starts == std::vector<uint32_t>{1});
  starts.clear();
  // Half of a surrogate pair cannot be classified alone: both halves stay places (U+104A1 is a digit).
  REQUIRE(RegexPrefilter::For("\\d+kg").Starts(u"\U000104A1kg", SIZE_MAX, starts));
  CHECK(starts == std::vector<uint32_t>{0, 1});
  starts.clear();
  // \\w keeps every character outside ASCII.
  REQUIRE(RegexPrefilter::For("\\w+kg").Starts(u"\u00e9kg", SIZE_MAX, starts));
  CHECK(starts == std::vector<uint32_t>{0, 1, 2});
}

TEST_CASE("prefilter never skips a text the pattern matches (random texts)") {
  REQUIRE(EnsureIcu());
  const char* patterns[] = {
      "£\\s?\\d+(?:\\.\\d+)?\\s?(?:m|million|bn|billion)\\b",
      "\\bn[\\*#@_.]+gg?(?:er|a|ah|az|ers|as)\\b|\\bp[\\*#@_.]+ki(?:s)?\\b|\\bn[i1!][\\*#]+(?:er|a)s?\\b",
      "\\bf[\\*#@_.]+g(?:got|g[o0]t)?s?\\b|\\bf[a@4][\\*#]+[o0]ts?\\b",
      "\\br[\\*#@_.]+t[a@4]rd(?:s|ed)?\\b",
      "\\bc[\\*#@_.]+nt(?:s)?\\b|\\bwh[\\*#@_.]+re(?:s)?\\b",
      "\\bf(?:[\\*#@!_.]{2,4}|[\\*#@!]ck|u[\\*#]k|[\\*#@]k)\\s*(?:off|you|u|them|him|her)\\b|\\bc[\\*#@_.]{2,3}t\\b",
      "(?<![\\d+])(?:\\+\\s?44\\s?\\(?0?\\)?\\s?7\\d{3}|07\\d{3})[\\s.-]?\\d{3}[\\s.-]?\\d{3}(?!\\d)",
      "official\\s*[:\\-\u2013]\\s*\\p{L}+['\u2019]s\\s", "(?<!\\p{L})(?:ed|a&e|icu)\\s*[-\u2013:]\\s*official\\b",
      "\\bnhs\\s*(?:no\\.?|#)[^\\d\\n]{0,40}?\\d{3}", "(?i)ab[^c]d", "x[[a-z]&&[^aeiou]]y", "\\u0061b\\x{62}",
      "bed\\s*\\d+", "(?:ward|bay)\\s+[a-c0-9]", "\\bbed\\s?\\d{1,2}\\b", "(?<!\\d)4\\s?4(?!\\d)", "K\\s?ß", "st(?=r)r", "a(?<!b)c|x{2}y+",
      // Runs of three: only a middle that matches exactly once makes its neighbours a triple.
      "ab+cd", "ab?cd", "ab{1,2}cd", "a[bx]c(?:d|e)f", "abc\\bdef", "kks",
      // Where a match can begin: past optional elements, empty alternatives and classes.
      "a?b+c", "(?:x|)yz", "\\d+kg", "\\s+end\\b", "(?:mr|mrs)?\\s*smith", "\\w+@nhs",
      // And the character after it, when the first is exactly one character.
      "\\bnhs\\s*x", "\\bq[*#]+nt|\\bwh[*#]+re", "\\d\\w+", "k(?=s)s+", "j\\bz?y",
      // A \\b before the first character: never a start inside a word.
      "\\b\\d{1,4}\\s?kg", "\\b(?:mr|dr)\\.?\\s+[a-z]+", "x?\\b\\w+y", "x?\\b[-.]+", "\\b_?\\d+", "(?<=a)\\b\\d",
  };
  const std::u16string alphabet = u"abcdefgikmnoprstuwxy0134789 .*#@_!£+-():'\n\u2013\u2019KßSſ\u212A";
  std::mt19937 rng(12);
  for (const char* pattern : patterns) {
    std::string error;
    auto regex = RegexMatcher::Compile(pattern, &error);
    REQUIRE_MESSAGE(regex, pattern);
    RegexPrefilter filter = RegexPrefilter::For(pattern);
    // What a packed ruleset stores and reads back: the parts, with the tables derived again.
    const RegexPrefilter remade =
        RegexPrefilter::Make(filter.max_length(), filter.branches(), filter.branch_starts());
    REQUIRE(remade.always() == filter.always());
    REQUIRE(remade.lead_firsts() == filter.lead_firsts());
    REQUIRE(remade.window_kind() == filter.window_kind());
    // A checker's sketch: made for what its filters ask, and reused from text to text.
    SketchNeeds needs;
    needs.Add(filter);
    TextSketch reused;
    int matched = 0, windowed = 0, anchored = 0;
    for (int round = 0; round < 3000; ++round) {
      // Pieces that match some pattern, joined and sprinkled with random characters.
      static const char16_t* pieces[] = {u"£5m", u"£ 3.5 bn", u"n*gga", u"p.ki", u"n1#a", u"f#g", u"f@gs", u"f4*0t",
                                         u"r*tard", u"c.nt", u"wh*re", u"f**k off", u"c**t", u"07700 900123",
                                         u"+44 7700 900 123", u"bed 4", u"ward a", u"K ß", u"str", u"ac", u"xxyy",
                                         u"official: bob's ", u"Official \u2013 \u00c9d\u2019s ", u"icu - official",
                                         u"a&e: official", u"nhs no is 123", u"NHS #\n123", u"abxd", u"ABxD", u"xby",
                                         u"abb", u"abbcd", u"acd", u"abcd", u"axcdf", u"abcef", u"KKS", u"k\u212As", u"bbc", u"abc", u"xyz", u"yz", u"5kg", u"\u0663kg", u" end",
                                         u"\u00a0end", u"mrs smith", u"Smith", u"jo@nhs", u"\u00e9@nhs", u"nhs x", u"NHSx",
                                         u"wh*re", u"q#nt", u"1a", u"\U000104A1a", u"\U000104A1\U000104A2", u"j y",
                                         u"12 kg", u"a12kg", u"x 3kg", u"dr smith", u"adr. jo", u"Mr  x", u"_7", u"a_7", u"ax-", u"x.", u"\u00e91kg", u"e\u03011kg"};
      std::u16string text;
      const size_t parts = rng() % 4;
      for (size_t i = 0; i < parts; ++i) {
        text += pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
        const size_t noise = rng() % 3;
        for (size_t k = 0; k < noise; ++k) {
          if (!text.empty() && rng() % 2) text.erase(rng() % text.size(), 1);
          else text += alphabet[rng() % alphabet.size()];
        }
      }
      TextView view = MakeBaseView(text);
      std::vector<Span> found;
      regex->Scan(view, text, 100, found);
      {
        std::vector<std::pair<uint32_t, uint32_t>> w1, w2;
        std::vector<uint32_t> s1, s2;
        REQUIRE(remade.Windows(view.text, w2) == filter.Windows(view.text, w1));
        REQUIRE(remade.Starts(view.text, SIZE_MAX, s2) == filter.Starts(view.text, SIZE_MAX, s1));
        REQUIRE((w1 == w2 && s1 == s2));
        REQUIRE(remade.MayMatch(TextSketch(view.text)) == filter.MayMatch(TextSketch(view.text)));
        reused.Reset(view.text, needs);
        REQUIRE(filter.MayMatch(reused) == filter.MayMatch(TextSketch(view.text)));
      }
      // Scanning only the windows finds exactly what scanning the whole text finds.
      std::vector<std::pair<uint32_t, uint32_t>> windows;
      if (filter.Windows(view.text, windows)) {
        ++windowed;
        std::vector<Span> in_windows;
        regex->Scan(view, text, 100, in_windows, nullptr, &windows);
        REQUIRE_MESSAGE(in_windows == found, std::string(pattern) << " on " << Utf16ToUtf8(text));
      }
      // Trying only the places a match can begin finds exactly what the whole scan finds.
      std::vector<uint32_t> starts;
      if (filter.Starts(view.text, SIZE_MAX, starts)) {
        ++anchored;
        std::vector<Span> from_starts;
        regex->Scan(view, text, 100, from_starts, nullptr, nullptr, &starts);
        REQUIRE_MESSAGE(from_starts == found, std::string(pattern) << " from its starts on " << Utf16ToUtf8(text));
      }
      if (found.empty()) continue;
      ++matched;
      REQUIRE_MESSAGE(filter.MayMatch(TextSketch(view.text)), std::string(pattern) << " on " << Utf16ToUtf8(text));
    }
    MESSAGE(std::string(pattern) << ": " << matched << " matching texts, " << windowed << " windowed, " << anchored << " anchored, filter size "
                    << filter.size() << ", max length " << filter.max_length());
  }
}

}  // namespace postcheck
