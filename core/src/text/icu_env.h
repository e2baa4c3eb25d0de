// IcuEnv: one-time, lazy ICU set-up shared by every module (normalizer, break iterators).
#pragma once

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>

namespace postcheck {

// Returns false if ICU could not be initialised (missing data); callers then fail open.
bool EnsureIcu();

// The accessors below are valid only after EnsureIcu() returned true. The normalizer is shared
// and immutable (ICU documents it as thread-safe for const use); break iterators hold per-text
// state, so each thread gets its own clone. The break iterators are created on first use and are
// null if that fails (callers fall back).
const icu::Normalizer2& NfkcCasefold();
icu::BreakIterator* ThreadWordBreaker();
icu::BreakIterator* ThreadSentenceBreaker();

}  // namespace postcheck
