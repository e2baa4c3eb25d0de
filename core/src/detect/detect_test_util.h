// Test helper: runs one detector on UTF-8 text and returns the original substrings it reported.
#pragma once

#include <string>
#include <vector>

#include "detect/detector.h"
#include "text/text_view.h"
#include "text/utf.h"

#include <doctest/doctest.h>

namespace postcheck::testing {

inline std::vector<std::string> Detect(const char* detector, const std::string& utf8) {
  const DetectorDef* d = FindDetector(detector);
  if (d == nullptr) return {"<no such detector>"};
  const std::u16string text = Utf8ToUtf16(utf8);
  const TextView base = MakeBaseView(text);
  std::vector<Span> spans;
  d->fn(DetectInput{text, base}, spans);
  std::vector<std::string> found;
  for (const Span& s : spans) found.push_back(Utf16ToUtf8(std::u16string_view(text).substr(s.start, s.end - s.start)));
  return found;
}

using Found = std::vector<std::string>;

}  // namespace postcheck::testing

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& v) {
    std::string s = "{";
    for (const auto& x : v) s += "\"" + x + "\" ";
    return (s + "}").c_str();
  }
};
}  // namespace doctest
