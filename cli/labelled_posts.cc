// LabelledPosts: JSONL labelled posts -> structs, with file:line errors (see labelled_posts.h).
#include "labelled_posts.h"

#include <algorithm>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "postcheck/ruleset.h"

namespace postcheck::cli {
namespace {

using json = nlohmann::json;

Status LineError(const std::string& path, int line, const std::string& message) {
  return Status::Error(StatusCode::kInvalidArgument, message, Location{path, line, 0, ""});
}

}  // namespace

Result<std::vector<LabelledPost>> ReadLabelledPosts(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(StatusCode::kInvalidArgument, "cannot read " + path);
  const auto& categories = KnownCategories();
  std::vector<LabelledPost> posts;
  std::set<std::string> seen;
  std::string text;
  for (int n = 1; std::getline(in, text); ++n) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return LineError(path, n, "not a JSON object");
    LabelledPost p;
    p.line = n;
    if (!j.contains("id") || !(j["id"].is_string() || j["id"].is_number()))
      return LineError(path, n, "needs an \"id\"");
    p.id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
    if (!j.contains("text") || !j["text"].is_string()) return LineError(path, n, "needs a \"text\" string");
    p.text = j["text"].get<std::string>();
    const char* key = j.contains("expect") ? "expect" : "labels";
    if (!j.contains(key) || !j[key].is_array())
      return LineError(path, n, "needs \"expect\" (or \"labels\"): a list of categories, [] for must-not-flag");
    for (const auto& c : j[key]) {
      if (!c.is_string()) return LineError(path, n, std::string("\"") + key + "\" must list category names");
      std::string cat = c.get<std::string>();
      if (std::find(categories.begin(), categories.end(), cat) == categories.end())
        return LineError(path, n, "unknown category '" + cat + "'");
      p.expect.push_back(cat);
    }
    if (j.contains("trust") && j["trust"].is_string()) p.trust = j["trust"].get<std::string>();
    if (j.contains("borderline") && j["borderline"].is_boolean()) p.borderline = j["borderline"].get<bool>();
    if (!seen.insert(p.id).second) return LineError(path, n, "id '" + p.id + "' appears twice");
    posts.push_back(std::move(p));
  }
  return posts;
}

Result<std::vector<std::string>> ReadIdList(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(StatusCode::kInvalidArgument, "cannot read " + path);
  std::vector<std::string> ids;
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    size_t b = line.find_first_not_of(" \t\r"), e = line.find_last_not_of(" \t\r");
    if (b != std::string::npos) ids.push_back(line.substr(b, e - b + 1));
  }
  return ids;
}

}  // namespace postcheck::cli
