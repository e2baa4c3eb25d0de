// Placeholders: the one place message templates are filled in.
#include "rules/placeholders.h"

namespace postcheck {

std::string RenderPlaceholders(const std::string& tmpl,
                               const std::map<std::string, std::string>& values,
                               std::string* unknown) {
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      if (close != std::string::npos) {
        std::string key = tmpl.substr(i + 1, close - i - 1);
        auto it = values.find(key);
        if (it != values.end())
          out += it->second;
        else if (unknown && unknown->empty())
          *unknown = key;
        i = close + 1;
        continue;
      }
    }
    out += tmpl[i++];
  }
  // An empty placeholder leaves "on ." or double spaces behind; tidy the common cases.
  std::string tidy;
  for (char c : out) {
    if (c == ' ' && !tidy.empty() && tidy.back() == ' ') continue;
    if ((c == '.' || c == ',') && !tidy.empty() && tidy.back() == ' ') tidy.pop_back();
    tidy += c;
  }
  return tidy;
}

}  // namespace postcheck
