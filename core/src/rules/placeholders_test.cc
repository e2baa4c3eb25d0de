// Placeholders: filled from the profile, missing ones dropped without leaving stray spaces or " .".
#include "rules/placeholders.h"

#include <doctest/doctest.h>

#include <random>

namespace postcheck {

TEST_CASE("placeholders are filled and missing ones are reported and tidied") {
  std::map<std::string, std::string> v{{"trust.name", "Alpha Trust"}, {"contacts.communications.phone", "01234 567890"}};
  std::string unknown;
  CHECK(RenderPlaceholders("Ask {trust.name} comms on {contacts.communications.phone}.", v, &unknown) ==
        "Ask Alpha Trust comms on 01234 567890.");
  CHECK(unknown.empty());
  CHECK(RenderPlaceholders("Call {contacts.communications.email} today.", v, &unknown) == "Call today.");
  CHECK(unknown == "contacts.communications.email");
  CHECK(RenderPlaceholders("Ring {x}.", v, nullptr) == "Ring.");
  CHECK(RenderPlaceholders("An unclosed {brace stays", v, nullptr) == "An unclosed {brace stays");
}

// The rendering written the plain way, a character at a time: the real one copies runs, and must
// give the same text and report the same unknown key.
std::string RenderSlowly(const std::string& tmpl, const std::map<std::string, std::string>& values, std::string* unknown) {
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      const size_t close = tmpl.find('}', i);
      if (close != std::string::npos) {
        const std::string key = tmpl.substr(i + 1, close - i - 1);
        if (auto it = values.find(key); it != values.end()) out += it->second;
        else if (unknown->empty()) *unknown = key;
        i = close + 1;
        continue;
      }
    }
    out += tmpl[i++];
  }
  std::string tidy;
  for (char c : out) {
    if (c == ' ' && !tidy.empty() && tidy.back() == ' ') continue;
    if ((c == '.' || c == ',') && !tidy.empty() && tidy.back() == ' ') tidy.pop_back();
    tidy += c;
  }
  return tidy;
}

TEST_CASE("placeholders render as a character-at-a-time rendering does (random templates)") {
  const std::map<std::string, std::string> v{{"a", "x y"}, {"b", ""}, {"", "E"}, {"c", " ."}};
  const std::string alphabet = "ab c.,{}  x";
  std::mt19937 rng(11);
  for (int round = 0; round < 20000; ++round) {
    std::string t;
    for (size_t k = rng() % 24; k > 0; --k) t += alphabet[rng() % alphabet.size()];
    std::string got_unknown, want_unknown;
    REQUIRE_MESSAGE(RenderPlaceholders(t, v, &got_unknown) == RenderSlowly(t, v, &want_unknown), t);
    REQUIRE_MESSAGE(got_unknown == want_unknown, t);
  }
}

}  // namespace postcheck
