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
  USpoofChecker* spoof = nullptr;
  std::unique_ptr<icu::BreakIterator> word;
  std::unique_ptr<icu::BreakIterator> sentence;
};

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
  o->spoof = uspoof_open(&status);
  if (U_FAILURE(status)) return o;
  // Skeletons do not depend on checks, but an explicit set keeps uspoof from loading more data.
  uspoof_setChecks(o->spoof, USPOOF_CONFUSABLE, &status);
  if (U_FAILURE(status)) return o;
  // "en" gives U_USING_DEFAULT_WARNING with the trimmed data: a warning, not a failure.
  o->word.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !o->word) return o;
  o->sentence.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !o->sentence) return o;
  o->ok = true;
  return o;
}

const IcuObjects& Objects() {
  static const IcuObjects* objects = Create();  // C++ guarantees one thread-safe initialisation
  return *objects;
}

}  // namespace

bool EnsureIcu() { return Objects().ok; }

const icu::Normalizer2& NfkcCasefold() { return *Objects().nfkc_cf; }

const USpoofChecker* SpoofChecker() { return Objects().spoof; }

icu::BreakIterator& ThreadWordBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> it(Objects().word->clone());
  return *it;
}

icu::BreakIterator& ThreadSentenceBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> it(Objects().sentence->clone());
  return *it;
}

}  // namespace postcheck
