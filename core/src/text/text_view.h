// TextView: a derived form of the typed text (normalized, folded) with the one map back to original UTF-16 offsets.
//
// Invariants: start.size() == end.size() == text.size(); for every view unit i,
// [start[i], end[i]) is the original range that produced it (a unit produced by expanding one
// original character, e.g. "ﬁ" -> "fi", maps to the whole character on every unit; a unit that
// absorbed several original characters, e.g. "e" + U+0301 -> "é", maps to all of them).
// start[] is non-decreasing. Original characters that produced nothing (zero-width, format
// characters) appear in no range.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "text/span.h"

namespace postcheck {

struct TextView {
  std::u16string text;
  std::vector<uint32_t> start;
  std::vector<uint32_t> end;

  // Maps a non-empty view span to the original text. The end is extended over combining marks,
  // variation selectors, ZWJ sequences and emoji modifiers that follow in the original, and both
  // ends are kept off the middle of a surrogate pair.
  Span ToOriginal(Span view_span, std::u16string_view original) const;
};

// NFKC_Casefold of the original; default-ignorable and format characters (ZWSP, ZWJ, soft hyphen,
// bidi controls, ...) removed; every run of white space (incl. NBSP, line breaks) becomes one
// U+0020; lone surrogates become U+FFFD. This is the view every rule sees by default.
TextView MakeBaseView(std::u16string_view original);
// The same into `out`, reusing its buffers: a checker keeps one per thread, so a check neither
// allocates nor zero-fills a view's three arrays (a tenth of a short post's check in wasm).
void MakeBaseView(std::u16string_view original, TextView& out);

// The "obfuscated" fold, built from the base view: each character replaced by its confusable
// skeleton (UTS #39, ICU's table: text/confusables.h), case-folded again, non-spacing marks dropped
// (so "pàtient" folds like "patient"; ASCII digits are kept, not skeletonised); leetspeak
// digits/symbols inside words mapped to letters (0->o 1->i 3->e 4->a 5->s 7->t @->a $->s !->i);
// runs of single letters separated by one separator (. - _ * space) joined ("n.h.s" -> "nhs",
// "p a t i e n t" -> "patient").
TextView MakeFoldedView(const TextView& base);
void MakeFoldedView(const TextView& base, TextView& out);  // into `out`, reusing its buffers (`out` is not `base`)
// The two ways MakeFoldedView takes, for its tests: the one pass most texts allow (false, with
// `out` to be overwritten, for a text that could hold joined letters, a letter outside the BMP or a
// run of over 64 letters and leetspeak characters), and the general way, which every text allows
// and which the one pass must equal.
bool FoldPlainText(const TextView& base, TextView& out);
void MakeFoldedViewGeneral(const TextView& base, TextView& out);

// MakeFoldedView(MakeBaseView(term)).text: the fold a term must go through to be compared with
// a folded view (skeletons can expand one character into several, e.g. "m" -> "rn", so terms and
// text must take the same path). Strip rule syntax such as a trailing '*' or '~' first: '*' is a
// separator the fold may drop between single letters.
std::u16string FoldTerm(std::u16string_view term);

// The fold of a text already in its base form that holds only ASCII (a plain term's base): words
// of two or more letters that fold to themselves, as most terms are, are answered without
// building a view or a copy, which was a tenth of compiling a checker. Folds `base` in place.
void FoldAsciiBase(std::u16string& base);

// Returns a view whose text equals `text` and maps each unit to itself (for tests and for
// matching on the original).
TextView IdentityView(std::u16string_view text);

}  // namespace postcheck
