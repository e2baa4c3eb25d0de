// Tests for the base and folded views and their maps back to exact original offsets.
#include "text/text_view.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>

#include "text/icu_env.h"
#include "text/utf.h"

using namespace postcheck;

namespace {

// Finds `needle` in the view and returns the original text its mapped span covers.
std::u16string Back(const TextView& v, std::u16string_view original, std::u16string_view needle,
                    Span* span = nullptr) {
  const size_t at = v.text.find(needle);
  if (at == std::u16string::npos) return u"<not found>";
  Span s = v.ToOriginal({static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())}, original);
  if (span) *span = s;
  return std::u16string(original.substr(s.start, s.end - s.start));
}

// Texts of up to max_len - 1 characters from `alphabet`, the same on every run (a linear congruential generator).
class RandomTexts {
 public:
  RandomTexts(uint32_t seed, std::u16string alphabet) : seed_(seed), alphabet_(std::move(alphabet)) {}
  uint32_t Next() { return seed_ = seed_ * 1664525u + 1013904223u; }
  char16_t Char() { return alphabet_[(Next() >> 8) % alphabet_.size()]; }
  std::u16string Text(size_t max_len) {
    std::u16string s;
    for (size_t k = Next() % max_len; k > 0; --k) s += Char();
    return s;
  }

 private:
  uint32_t seed_;
  std::u16string alphabet_;
};

void CheckInvariants(const TextView& v) {
  REQUIRE(v.start.size() == v.text.size());
  REQUIRE(v.end.size() == v.text.size());
  for (size_t i = 0; i < v.text.size(); ++i) {
    CHECK(v.start[i] < v.end[i]);
    if (i > 0) CHECK(v.start[i - 1] <= v.start[i]);
  }
}

std::string U8(const std::u16string& s) { return Utf16ToUtf8(s); }

}  // namespace

TEST_CASE("base view: case folding and identity offsets for ASCII") {
  const std::u16string t = u"Hello NHS";
  TextView v = MakeBaseView(t);
  CheckInvariants(v);
  CHECK(U8(v.text) == "hello nhs");
  CHECK(v.start[6] == 6);
  CHECK(v.end[8] == 9);
}

TEST_CASE("base view: equals normalising the whole text, ASCII runs or not") {
  // The view is written unit by unit (ASCII runs at once, the rest a segment at a time); whole-
  // text NFKC_Casefold, with the zero-width space dropped and white space runs merged, is the
  // definition it must keep to.
  REQUIRE(EnsureIcu());
  const char16_t kUnits[] = {u'a',      u'Q',      u'7',      u' ',      u' ',      u'\t',
                             u'\n',     u'.',      u'e',      u'\u0301', u'\u0323', u'\u00c9',
                             u'\ufb01', u'\u00a0', u'\u200b', u'\uff21', u'\u00df'};
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::u16string t;
    const size_t len = rng() % 20;
    for (size_t k = 0; k < len; ++k) t.push_back(kUnits[rng() % std::size(kUnits)]);
    std::u16string kept;
    for (char16_t c : t)
      if (c != u'\u200b') kept.push_back(c);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString normed;
    NfkcCasefold().normalize(
        icu::UnicodeString(false, kept.data(), static_cast<int32_t>(kept.size())), normed, status);
    REQUIRE(U_SUCCESS(status));
    std::u16string want;
    for (int32_t k = 0; k < normed.length(); ++k) {
      char16_t c = normed.charAt(k);
      if (c == u' ' || (c >= 0x09 && c <= 0x0D)) c = u' ';
      if (c == u' ' && !want.empty() && want.back() == u' ') continue;
      want.push_back(c);
    }
    const TextView v = MakeBaseView(t);
    CAPTURE(round);
    CheckInvariants(v);
    REQUIRE(U8(v.text) == U8(want));
    // An ASCII letter or digit with ASCII after it is its own unit, mapped to itself alone.
    for (size_t i = 0; i + 1 < t.size(); ++i) {
      if (t[i] >= 0x80 || t[i + 1] >= 0x80 || t[i] == u' ' || t[i] == u'\t' || t[i] == u'\n')
        continue;
      const auto at = std::find(v.start.begin(), v.start.end(), static_cast<uint32_t>(i));
      REQUIRE(at != v.start.end());
      CHECK(v.end[at - v.start.begin()] == i + 1);
    }
  }
}

TEST_CASE("base view: full-width letters and digits") {
  const std::u16string t = u"ＮＨＳ １２３";
  TextView v = MakeBaseView(t);
  CheckInvariants(v);
  CHECK(U8(v.text) == "nhs 123");
  CHECK(Back(v, t, u"123") == u"１２３");
  CHECK(Back(v, t, u"h") == u"Ｈ");
}

TEST_CASE("base view: ligature and sharp s expand, mapping every unit to the whole character") {
  const std::u16string t = u"ﬁne Straße";
  TextView v = MakeBaseView(t);
  CheckInvariants(v);
  CHECK(U8(v.text) == "fine strasse");
  CHECK(v.start[0] == 0);
  CHECK(v.end[0] == 1);
  CHECK(v.start[1] == 0);
  CHECK(v.end[1] == 1);
  CHECK(Back(v, t, u"i") == u"ﬁ");
  CHECK(Back(v, t, u"strasse") == u"Straße");
  CHECK(Back(v, t, u"ss") == u"ß");
}

TEST_CASE("base view: combining marks compose and map to all their characters") {
  const std::u16string t = u"cafe\u0301 ok";
  TextView v = MakeBaseView(t);
  CheckInvariants(v);
  CHECK(v.text == u"caf\u00e9 ok");
  CHECK(Back(v, t, u"caf\u00e9") == u"cafe\u0301");
  // stacked marks that do not compose stay, and a match of the base letter takes them along
  const std::u16string s = u"xq\u0301\u0323y";
  TextView w = MakeBaseView(s);
  CheckInvariants(w);
  CHECK(Back(w, s, u"q") == u"q\u0301\u0323");
  CHECK(Back(w, s, u"y") == u"y");
}

TEST_CASE("base view: zero-width and format characters are removed") {
  const std::u16string t = u"pa\u200Btient \u00ADx\u202Ey\u2060z\uFEFF";
  TextView v = MakeBaseView(t);
  CheckInvariants(v);
  CHECK(U8(v.text) == "patient xyz");
  CHECK(Back(v, t, u"patient") == u"pa\u200Btient");
}

TEST_CASE("base view: white space runs become one space") {
  const std::u16string t = u"bed\u00A0\u00A04\r\n\tnow \u2003 end";
  TextView v = MakeBaseView(t);
  CheckInvariants(v);
  CHECK(U8(v.text) == "bed 4 now end");
  Span s;
  CHECK(Back(v, t, u"bed 4", &s) == u"bed\u00A0\u00A04");
  CHECK(Back(v, t, u"4 now") == u"4\r\n\tnow");
}

TEST_CASE("base view: lone surrogates become U+FFFD") {
  std::u16string t = u"a";
  t.push_back(0xD800);
  t += u"b";
  t.push_back(0xDC01);
  TextView v = MakeBaseView(t);
  CheckInvariants(v);
  CHECK(v.text == u"a\uFFFDb\uFFFD");
}

TEST_CASE("base view: emoji, ZWJ families and skin tones") {
  const std::u16string t = u"hi 👩‍👩‍👧 and 👍🏽 ok";
  TextView v = MakeBaseView(t);
  CheckInvariants(v);
  // ZWJ is a format character: removed from the view, restored by ToOriginal
  CHECK(v.text.find(u"👩👩👧") != std::u16string::npos);
  CHECK(Back(v, t, u"👩") == u"👩‍👩‍👧");
  CHECK(Back(v, t, u"👍") == u"👍🏽");
  CHECK(Back(v, t, u"ok") == u"ok");
}

TEST_CASE("ToOriginal: never splits a surrogate pair and extends over marks and selectors") {
  const std::u16string t = u"x❤\uFE0F y";
  TextView id = IdentityView(t);
  CHECK(Back(id, t, u"❤") == u"❤\uFE0F");
  const std::u16string e = u"a😀b";
  TextView ie = IdentityView(e);
  Span s = ie.ToOriginal({1, 2}, e);  // the lead surrogate alone
  CHECK(s.start == 1);
  CHECK(s.end == 3);
  s = ie.ToOriginal({2, 3}, e);  // the trail surrogate alone
  CHECK(s.start == 1);
  CHECK(s.end == 3);
  const std::u16string k = u"1\uFE0F\u20E3!";  // keycap
  TextView ik = IdentityView(k);
  CHECK(ik.ToOriginal({0, 1}, k).end == 3);
}

TEST_CASE("folded view: Cyrillic and Greek look-alikes") {
  const std::u16string t = u"the раtіеnt in bed";  // р а і е are Cyrillic
  TextView b = MakeBaseView(t);
  TextView f = MakeFoldedView(b);
  CheckInvariants(f);
  CHECK(f.text.find(u"patient") != std::u16string::npos);
  CHECK(b.text.find(u"patient") == std::u16string::npos);
  const std::u16string g = u"\u03bfk";  // Greek omicron
  CHECK(FoldTerm(g) == FoldTerm(u"ok"));
}

TEST_CASE("folded view: capitals that are look-alikes only as capitals (Cyrillic М, Н, В)") {
  // The base view lower-cases first; 'м', 'н' and 'в' look like no Latin letter, their capitals do.
  for (const char16_t* t : {u"\u041Cuslims", u"\u041Cusl\u0456ms"}) {
    TextView f = MakeFoldedView(MakeBaseView(t));
    CheckInvariants(f);
    CHECK(f.text == FoldTerm(u"muslims"));
  }
  CHECK(FoldTerm(u"\u041D\u0412S") == FoldTerm(u"hbs"));
  CHECK(FoldTerm(u"i") != FoldTerm(u"l"));  // Latin letters keep their own skeleton: 'i' does not go through 'I'
  CHECK(FoldTerm(u"\u0418") != FoldTerm(u"i"));  // no capital look-alike for Cyrillic И: it stays itself
}

TEST_CASE("folded view: maps a match back to the exact original characters") {
  const std::u16string t = u"the раtіеnt 👩‍⚕️ in bed";
  TextView f = MakeFoldedView(MakeBaseView(t));
  Span s;
  CHECK(Back(f, t, FoldTerm(u"patient"), &s) == u"раtіеnt");
  CHECK(s.start == 4);
  CHECK(s.end == 11);
  CHECK(Back(f, t, FoldTerm(u"bed"), &s) == u"bed");
  CHECK(s.end == t.size());
}

TEST_CASE("folded view: terms and text take the same path through multi-character skeletons") {
  // "m" has the skeleton "rn": the folded text and the folded term agree
  const std::u16string t = u"Mum was here";
  TextView f = MakeFoldedView(MakeBaseView(t));
  const std::u16string term = FoldTerm(u"mum");
  CHECK(term.size() > 3);
  CHECK(Back(f, t, term) == u"Mum");
}

TEST_CASE("folded view: leetspeak inside words only") {
  CHECK(FoldTerm(u"p4t13nt") == FoldTerm(u"patient"));
  CHECK(FoldTerm(u"$h1t") == FoldTerm(u"shit"));
  CHECK(FoldTerm(u"sh!t") == FoldTerm(u"shit"));
  CHECK(FoldTerm(u"2024") == u"2024");
  CHECK(FoldTerm(u"call 111") == FoldTerm(u"call") + u" 111");
  CHECK(FoldTerm(u"hello!") == FoldTerm(u"hello") + u"!");
  CHECK(FoldTerm(u"@nhs").substr(0, 1) == u"@");
}

TEST_CASE("folded view: spaced or dotted single letters are joined") {
  CHECK(FoldTerm(u"n.h.s") == FoldTerm(u"nhs"));
  CHECK(FoldTerm(u"N H S") == FoldTerm(u"nhs"));
  CHECK(FoldTerm(u"p a t i e n t") == FoldTerm(u"patient"));
  CHECK(FoldTerm(u"I am a nurse") == FoldTerm(u"I") + u" " + FoldTerm(u"am") + u" " +
                                         FoldTerm(u"a") + u" " + FoldTerm(u"nurse"));
  // One separator per run, three letters at least: the "a" before a dotted word stays apart.
  CHECK(FoldTerm(u"such a g.o.o.k") == FoldTerm(u"such") + u" " + FoldTerm(u"a") + u" " + FoldTerm(u"gook"));
  CHECK(FoldTerm(u"a b") == FoldTerm(u"a") + u" " + FoldTerm(u"b"));
  const std::u16string t = u"the n.h.s trust";
  TextView f = MakeFoldedView(MakeBaseView(t));
  CheckInvariants(f);
  CHECK(Back(f, t, FoldTerm(u"nhs")) == u"n.h.s");
}

TEST_CASE("folded view: accents and full-width fold away") {
  CHECK(FoldTerm(u"pàtient") == FoldTerm(u"patient"));
  CHECK(FoldTerm(u"ＮＨＳ") == FoldTerm(u"nhs"));
  CHECK(FoldTerm(u"Straße") == FoldTerm(u"strasse"));
  CHECK(FoldTerm(u"ﬁne") == FoldTerm(u"fine"));
}

TEST_CASE("FoldAsciiBase equals the folded view of an ASCII base text, fast path or not") {
  // Letters with other skeletons (m -> rn), one-letter words that may join, leetspeak and symbols.
  RandomTexts random(12345, u"abelmnorst  01345@$.-_*'!");
  int fast = 0;
  for (int i = 0; i < 20000; ++i) {
    std::u16string s;
    for (size_t k = random.Next() % 13; k > 0; --k) {
      const char16_t c = random.Char();
      if (c == u' ' && (s.empty() || s.back() == u' ')) continue;  // a base text has single spaces
      s += c;
    }
    const std::u16string want = MakeFoldedView(IdentityView(s)).text;
    std::u16string got = s;
    FoldAsciiBase(got);
    REQUIRE_MESSAGE(got == want, Utf16ToUtf8(s));
    if (want == s) ++fast;
  }
  CHECK(fast > 1000);  // the comparison covers texts the fast path answers
  for (const char16_t* s :
       {u"patient", u"bed blocker", u"a b c", u"mum", u"p4tient", u"nhs", u"x"}) {
    std::u16string got = s;
    FoldAsciiBase(got);
    CHECK(got == MakeFoldedView(IdentityView(s)).text);
  }
}

TEST_CASE("FoldTerm equals the folded view of the term") {
  for (const char16_t* s : {u"Patient", u"n.h.s", u"p4t13nt", u"раtіеnt", u"Mum 👍🏽"}) {
    CHECK(FoldTerm(s) == MakeFoldedView(MakeBaseView(s)).text);
  }
}

namespace {

// Where MakeFoldedView's one pass applies, it equals the general way, text and map. Returns
// whether it applied.
bool OnePassAgrees(const std::u16string& original) {
  const TextView base = MakeBaseView(original);
  TextView fast, general;
  const bool applied = FoldPlainText(base, fast);
  MakeFoldedViewGeneral(base, general);
  INFO(Utf16ToUtf8(original));
  if (applied) {
    REQUIRE(fast.text == general.text);
    REQUIRE(fast.start == general.start);
    REQUIRE(fast.end == general.end);
  }
  TextView made;
  MakeFoldedView(base, made);
  REQUIRE(made.text == general.text);
  return applied;
}

std::u16string Utf16Of(char32_t c) {
  if (c < 0x10000) return std::u16string(1, static_cast<char16_t>(c));
  return {static_cast<char16_t>(0xD7C0 + (c >> 10)), static_cast<char16_t>(0xDC00 | (c & 0x3FF))};
}

}  // namespace

TEST_CASE("the one-pass fold of an ASCII text equals the general way (text and map)") {
  // Mostly letters and spaces, as posts are (they fill most of the alphabet), so that many texts are clean.
  RandomTexts random(777, u"abelmnorstabelmnorst        m|%\"`01345@$!289.-_*',Ii");
  int applied = 0;
  for (int i = 0; i < 40000; ++i) applied += OnePassAgrees(random.Text(17));
  CHECK(applied > 10000);
}

TEST_CASE("the one-pass fold equals the general way beside every character (text and map)") {
  // Every BMP character, letters outside it (Deseret, CJK; the mathematical ones are ASCII once in
  // the base view) and the emoji blocks, beside letters, digits, leetspeak and joined letters.
  int applied = 0, texts = 0;
  const auto each = [&](char32_t c) {
    if (c >= 0xD800 && c <= 0xDFFF) return;
    const std::u16string e = Utf16Of(c);
    applied += OnePassAgrees(u"a" + e + u"b 4");
    OnePassAgrees(e + u"p4t13nt " + e + e + u" n.h.s" + e);
    OnePassAgrees(u"x 4" + e + u" " + e + u"1 " + e + u" . " + e + u" . x");
    ++texts;
  };
  for (char32_t c = 0x80; c < 0x10000; ++c) each(c);
  for (char32_t c = 0x10400; c < 0x10450; ++c) each(c);
  for (char32_t c = 0x20000; c < 0x20100; ++c) each(c);
  for (char32_t c = 0x1F000; c < 0x1FB00; ++c) each(c);
  CHECK(applied > texts / 2);
}

TEST_CASE("the one-pass fold of mixed-script texts equals the general way (text and map)") {
  // Look-alike Cyrillic, accents, typographic quotes and dashes, a pound sign, a heart, a combining
  // mark, emoji with a skin tone, a moon and a Deseret letter, upper case for the base view.
  RandomTexts random(
      4242,
      u"abelmnorstMN   01345@$!.-*'\u0430\u0435\u0440\u00e9\u2019\u2013\u00a3\u2764\u0301EEE");
  const std::u16string emoji[] = {Utf16Of(0x1F600), Utf16Of(0x1F44D), Utf16Of(0x1F3FD),
                                  Utf16Of(0x1F346), Utf16Of(0x1F319), Utf16Of(0x10428)};
  int applied = 0;
  for (int i = 0; i < 20000; ++i) {
    std::u16string text;
    for (char16_t ch : random.Text(15))
      text += ch == u'E' ? emoji[random.Next() % std::size(emoji)] : std::u16string(1, ch);
    applied += OnePassAgrees(text);
  }
  CHECK(applied > 2000);
}
