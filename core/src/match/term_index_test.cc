// TermIndex: whole-word matching, stems, inflections, phrases, and the obfuscated fold, with original offsets.
#include "match/term_index.h"

#include <doctest/doctest.h>

#include "text/icu_env.h"
#include "text/utf.h"

namespace postcheck {
namespace {

std::vector<Span> Find(std::u16string_view text, std::initializer_list<const char*> terms, bool folded = false) {
  REQUIRE(EnsureIcu());
  const std::vector<std::string> list(terms.begin(), terms.end());
  TermIndex index(TermTable::Build(folded, {&list}));
  std::string error;
  size_t bad = 0;
  REQUIRE(index.Add(0, list, &bad, &error));
  index.Build();
  LeafHits hits;
  hits.Reset(1);
  TextView base = MakeBaseView(text);
  if (folded) index.Scan(MakeFoldedView(base), text, hits);
  else index.Scan(base, text, hits);
  return hits[0];
}

}  // namespace

TEST_CASE("terms match whole words only") {
  CHECK(Find(u"pt in bay", {"pt"}) == std::vector<Span>{{0, 2}});
  CHECK(Find(u"ptolemy and adapt", {"pt"}).empty());
  CHECK(Find(u"Saw the PT today", {"pt"}) == std::vector<Span>{{8, 10}});
}

TEST_CASE("stems and inflections") {
  CHECK(Find(u"nursing nurses nurse", {"nurs*"}).size() == 3);
  auto p = Find(u"patients' rights, the patient's bed, patiently", {"patient~"});
  REQUIRE(p.size() == 2);
  CHECK(p[0] == Span{0, 8});
  CHECK(p[1] == Span{22, 31});  // "patient's" including the possessive
}

TEST_CASE("phrases tolerate any white space and case") {
  CHECK(Find(u"Posting On  Behalf\nof the ward", {"on behalf of"}) == std::vector<Span>{{8, 21}});
}

TEST_CASE("full-width text matches with offsets into the original") {
  CHECK(Find(u"the \uff30\uff41\uff54\uff49\uff45\uff4e\uff54 left", {"patient"}) == std::vector<Span>{{4, 11}});
}

TEST_CASE("the obfuscated fold catches look-alikes, leetspeak and spacing") {
  // Cyrillic а and і inside "pаtіent".
  CHECK(Find(u"that p\u0430t\u0456ent", {"patient"}, true) == std::vector<Span>{{5, 12}});
  CHECK(Find(u"what a p4t13nt", {"patient"}, true) == std::vector<Span>{{7, 14}});
  CHECK(Find(u"the n.h.s is", {"nhs"}, true) == std::vector<Span>{{4, 9}});
  CHECK(Find(u"the nhs is", {"nhs"}, false) == std::vector<Span>{{4, 7}});
}

TEST_CASE("empty terms are rejected with a reason") {
  const std::vector<std::string> bad_list{"ok", "\u200b"}, good_list{"ok", "fine"};
  TermIndex index(TermTable::Build(false, {&bad_list, &good_list}));
  std::string error;
  size_t bad = 0;
  CHECK_FALSE(index.Add(0, bad_list, &bad, &error));
  CHECK(bad == 1);
  CHECK(error.find("empty") != std::string::npos);
  CHECK(index.Add(0, good_list, &bad, &error));
  const std::vector<std::string> unknown{"ok"};  // equal, but not a list the table was built with
  CHECK_FALSE(index.Add(0, unknown, &bad, &error));
}

TEST_CASE("terms longer than the limit are rejected with a reason, at the limit accepted") {
  REQUIRE(EnsureIcu());
  for (bool folded : {false, true}) {
    const std::vector<std::string> at{std::string(kMaxTermUnits, 'a')},
        over{std::string(kMaxTermUnits + 1, 'a')};
    TermIndex index(TermTable::Build(folded, {&at, &over}));
    std::string error;
    size_t bad = 0;
    CHECK(index.Add(0, at, &bad, &error));
    CHECK_FALSE(index.Add(0, over, &bad, &error));
    CHECK(error.find("longer than 200") != std::string::npos);
  }
}

}  // namespace postcheck

namespace postcheck {

TEST_CASE("the ASCII fast path for terms agrees with the ICU base view") {
  REQUIRE(EnsureIcu());
  // Terms with every character class the fast path accepts, matched against ICU-normalized text.
  for (const char* term : {"On Behalf Of", "A&E", "nhs 111", "dr. smith", "@BucksHealthcare", "#ad", "24/7", "i'm  a nurse", "q+a", "hey!"}) {
    std::string text = std::string("x ") + term + " y";
    CHECK_MESSAGE(Find(Utf8ToUtf16(text), {term}).size() == 1, term);
  }
  // And in the obfuscated fold, where terms take the fast path's base text through the same fold
  // as the text ("m" -> "rn", leetspeak, joined single letters).
  for (const char* term : {"On Behalf Of", "mum", "sh!t", "p a t", "n.h.s", "A&E", "l33t", "24/7", "@nhs", "Mr  Muse"}) {
    std::string text = std::string("xx ") + term + " yy";  // not single letters: those would join the term
    CHECK_MESSAGE(Find(Utf8ToUtf16(text), {term}, true).size() == 1, std::string(term));
  }
}

}  // namespace postcheck
