// url: http(s) URLs, www. links and bare domains ending in a known top-level domain.
#include <array>

#include "detect/detectors.h"
#include "detect/scan.h"

namespace postcheck {
namespace {

using namespace scan;

inline bool LabelChar(char16_t c) { return Alpha(c) || Digit(c) || c == u'-'; }

// Bare domains need a well-known TLD: "e.g.", "i.e." and "end.Start" typos must not count.
bool KnownTld(std::u16string_view t, size_t s, size_t e) {
  static constexpr std::array<std::string_view, 28> kTlds = {
      "com", "org", "net", "uk", "io", "info", "biz", "me", "tv", "ly", "app", "dev", "ai", "gov",
      "edu", "eu", "ie", "us", "ca", "au", "nz", "co", "scot", "wales", "cymru", "london", "online", "org"};
  for (std::string_view tld : kTlds) {
    if (e - s == tld.size() && Lit(t, s, tld) == e) return true;
  }
  return false;
}

// A link runs to the next space or quote; trailing punctuation belongs to the sentence, and a
// closing bracket only to the link when it opened one.
size_t LinkEnd(std::u16string_view t, size_t k) {
  int open = 0;
  size_t e = k;
  while (e < t.size()) {
    const char16_t c = t[e];
    if (c == u' ' || c == u'"' || c == u'<' || c == u'>' || c == u'\'' || c == u'`') break;
    if (c == u'(') ++open;
    if (c == u')') {
      if (open == 0) break;
      --open;
    }
    ++e;
  }
  while (e > k) {
    const char16_t c = t[e - 1];
    if (c == u'.' || c == u',' || c == u';' || c == u':' || c == u'!' || c == u'?' || c == u'*') {
      --e;
    } else {
      break;
    }
  }
  return e;
}

// Host labels from i; returns the end of the host if it has 2+ labels and a known TLD.
size_t BareHost(std::u16string_view t, size_t i) {
  size_t k = i, labels = 0, end = kNo;
  while (true) {
    const size_t ls = k;
    while (k < t.size() && LabelChar(t[k])) ++k;
    if (k == ls) break;
    ++labels;
    if (labels >= 2 && KnownTld(t, ls, k)) end = k;
    if (At(t, k) != u'.' || !LabelChar(At(t, k + 1))) break;
    ++k;
  }
  if (end == kNo || end != k) return kNo;  // the TLD must be the last label
  return end;
}

}  // namespace

void DetectUrl(const DetectInput& in, std::vector<Span>& out) {
  const std::u16string_view t = in.base.text;
  size_t next = 0;  // the first place not inside the last match or chain skipped
  for (size_t i : in.word_starts) {
    if (i < next) continue;
    if (i > 0 && (t[i - 1] == u'@' || t[i - 1] == u'.' || t[i - 1] == u'/' || t[i - 1] == u'-')) {
      while (i + 1 < t.size() && LabelChar(t[i + 1])) ++i;  // inside an address or a path
      next = i + 1;
      continue;
    }
    size_t body = Lit(t, i, "https://");
    if (body == kNo) body = Lit(t, i, "http://");
    size_t e = kNo;
    if (body != kNo) {
      e = LinkEnd(t, body);
      if (e == body) e = kNo;
    } else if (Lit(t, i, "www.") != kNo && LabelChar(At(t, i + 4))) {
      e = LinkEnd(t, i);
    } else {
      const size_t host = BareHost(t, i);
      if (host != kNo && At(t, host) != u'@') {
        e = (At(t, host) == u'/' || At(t, host) == u':') ? LinkEnd(t, host) : host;
        if (!EndBoundary(t, e)) e = kNo;
      }
    }
    if (e == kNo) {
      while (i + 1 < t.size() && (LabelChar(t[i + 1]) || t[i + 1] == u'.')) ++i;  // one scan per chain
      next = i + 1;
      continue;
    }
    Emit(in, i, e, out);
    next = e;
  }
}

}  // namespace postcheck
