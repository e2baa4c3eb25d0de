// One-time ICU initialisation and the cached ICU objects every text module shares.
#include "text/icu_env.h"

#include <memory>

#include <unicode/locid.h>
#include <unicode/udata.h>

#ifdef __EMSCRIPTEN__
// The wasm build links the trimmed data package in (genccode output); ICU's archive packaging
// would otherwise look for a .dat file that does not exist in the browser.
extern "C" const char icudt72_dat[];
#endif

namespace postcheck {
namespace {

struct IcuObjects {
  bool ok = false;
  const icu::Normalizer2* nfkc_cf = nullptr;
};

// Only the data and the normalizer (which every check needs) are set up at start; the break
// iterators are created on first use, so a cold start pays for neither unless the ruleset or the
// text calls for them (word breaks take an ASCII fast path, sentence breaks serve only
// "within": "sentence").
IcuObjects* Create() {
  auto* o = new IcuObjects();  // never freed: ICU objects must outlive every thread using them
  UErrorCode status = U_ZERO_ERROR;
#ifdef __EMSCRIPTEN__
  udata_setCommonData(icudt72_dat, &status);
  if (U_FAILURE(status)) return o;
  status = U_ZERO_ERROR;
#endif
  o->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || o->nfkc_cf == nullptr) return o;
  o->ok = true;
  return o;
}

const IcuObjects& Objects() {
  static const IcuObjects* objects = Create();  // C++ guarantees one thread-safe initialisation
  return *objects;
}

// "en" gives U_USING_DEFAULT_WARNING with the trimmed data: a warning, not a failure.
icu::BreakIterator* CreateBreaker(bool words) {
  if (!EnsureIcu()) return nullptr;
  UErrorCode status = U_ZERO_ERROR;
  icu::BreakIterator* it = words ? icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status)
                                 : icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status);
  if (U_FAILURE(status)) {
    delete it;
    return nullptr;
  }
  return it;
}

const icu::BreakIterator* WordPrototype() {
  static const icu::BreakIterator* it = CreateBreaker(true);
  return it;
}

const icu::BreakIterator* SentencePrototype() {
  static const icu::BreakIterator* it = CreateBreaker(false);
  return it;
}

}  // namespace

bool EnsureIcu() { return Objects().ok; }

const icu::Normalizer2& NfkcCasefold() { return *Objects().nfkc_cf; }

icu::BreakIterator* ThreadWordBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> it(WordPrototype() ? WordPrototype()->clone() : nullptr);
  return it.get();
}

icu::BreakIterator* ThreadSentenceBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> it(SentencePrototype() ? SentencePrototype()->clone() : nullptr);
  return it.get();
}

}  // namespace postcheck
