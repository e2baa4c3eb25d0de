// Prints every finding of every text given (a .jsonl's "text" fields, or a whole file), for each Trust: a change meant to keep findings is held to byte-identical output.
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "postcheck/checker.h"
#include "postcheck/ruleset.h"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  using json = nlohmann::json;
  if (argc < 3) {
    std::fprintf(stderr, "usage: findings_dump BUNDLE.json TEXTS.jsonl|TEXT.txt...\n");
    return 2;
  }
  std::vector<postcheck::SourceFile> files;
  for (const auto& f : json::parse(ReadFile(argv[1])))
    files.push_back({f.at("name").get<std::string>(), f.at("text").get<std::string>()});
  auto rs = postcheck::LoadRuleset(files);
  if (!rs.ok()) {
    std::fprintf(stderr, "ruleset: %s\n", rs.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> texts;
  for (int i = 2; i < argc; ++i) {
    const std::string path = argv[i], body = ReadFile(path);
    if (path.size() > 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0) {
      std::istringstream lines(body);
      for (std::string line; std::getline(lines, line);)
        if (!line.empty()) texts.push_back(json::parse(line).at("text").get<std::string>());
    } else {
      texts.push_back(body);
    }
  }
  for (const auto& trust : rs.value()->trusts()) {
    postcheck::CheckerOptions options;
    options.trust = trust.id;
    options.min_confidence = postcheck::Confidence::kLow;
    auto checker = postcheck::MakeChecker(rs.value(), options);
    if (!checker.ok()) {
      std::fprintf(stderr, "checker: %s\n", checker.status().ToString().c_str());
      return 1;
    }
    for (size_t i = 0; i < texts.size(); ++i) {
      const auto r = checker.value()->Check(postcheck::Utf8ToUtf16(texts[i]));
      std::printf("%s %zu truncated=%d notes=%zu\n", trust.id.c_str(), i, r.truncated ? 1 : 0,
                  r.notes.size());
      for (const auto& f : r.findings)
        std::printf("  %s %u-%u severity=%d confidence=%d\n", f.rule.c_str(), f.start, f.end,
                    static_cast<int>(f.severity), static_cast<int>(f.confidence));
    }
  }
  return 0;
}
