// Placeholders: the one place message templates are filled in.
#include "rules/placeholders.h"

namespace postcheck {

std::string RenderPlaceholders(const std::string& tmpl,
                               const std::map<std::string, std::string>& values,
                               std::string* unknown) {
  // Text between placeholders is copied in runs and tidied through a pointer: this file is built
  // for size in wasm, where a call per character (string::operator+=) made rendering the rules'
  // messages ~7 ms of a cold start (node --cpu-prof).
  std::string out;
  out.reserve(tmpl.size() + 64);
  for (size_t i = 0; i < tmpl.size();) {
    const size_t open = tmpl.find('{', i);
    const size_t close = open == std::string::npos ? std::string::npos : tmpl.find('}', open);
    if (close == std::string::npos) {
      out.append(tmpl, i, std::string::npos);
      break;
    }
    out.append(tmpl, i, open - i);
    const std::string key = tmpl.substr(open + 1, close - open - 1);
    if (auto it = values.find(key); it != values.end())
      out += it->second;
    else if (unknown && unknown->empty())
      *unknown = key;
    i = close + 1;
  }
  // An empty placeholder leaves "on ." or double spaces behind; tidy the common cases.
  std::string tidy(out.size(), '\0');
  char* const w = tidy.data();
  size_t n = 0;
  for (const char c : out) {
    if (c == ' ' && n > 0 && w[n - 1] == ' ') continue;
    if ((c == '.' || c == ',') && n > 0 && w[n - 1] == ' ') --n;
    w[n++] = c;
  }
  tidy.resize(n);
  return tidy;
}

}  // namespace postcheck
