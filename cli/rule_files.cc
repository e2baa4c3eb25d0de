// RuleFiles: header first, then core files, then Trust profiles, each group sorted, so loading is deterministic.
#include "rule_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace postcheck::cli {
namespace {

// Rule files larger than the engine accepts are refused before they are read into memory.
constexpr uintmax_t kMaxRuleBytes = LoadOptions{}.max_total_bytes;

bool ReadFile(const fs::path& p, std::string* out, std::string* why) {
  std::error_code ec;
  uintmax_t size = fs::file_size(p, ec);
  if (ec) { *why = "cannot read " + p.string(); return false; }
  if (size > kMaxRuleBytes) {
    *why = p.string() + " is " + std::to_string(size) + " bytes; the limit is " +
           std::to_string(kMaxRuleBytes) + " bytes";
    return false;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) { *why = "cannot read " + p.string(); return false; }
  out->resize(size);
  in.read(out->data(), static_cast<std::streamsize>(size));
  out->resize(static_cast<size_t>(in.gcount()));
  return true;
}

std::string DisplayName(const fs::path& p) {
  std::error_code ec;
  fs::path rel = fs::relative(p, fs::current_path(), ec);
  if (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) return rel.generic_string();
  return p.generic_string();
}

int Rank(const fs::path& p) {
  std::string s = p.generic_string();
  if (p.filename() == "ruleset.json") return 0;
  if (s.find("/trusts/") != std::string::npos) return 2;
  return 1;
}

}  // namespace

std::string DefaultRulesDir(const char* argv0) {
  if (const char* env = std::getenv("POSTCHECK_RULES"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::weakly_canonical(fs::path(argv0), ec);
  if (!ec) {
    for (fs::path cand : {exe.parent_path().parent_path().parent_path() / "rules",
                          exe.parent_path().parent_path() / "rules"}) {
      if (fs::exists(cand / "core" / "ruleset.json")) return cand.string();
    }
  }
  return "rules";
}

Result<std::vector<SourceFile>> ReadRuleFiles(const std::string& dir_or_bundle,
                                              const std::vector<std::string>& overrides) {
  std::vector<SourceFile> files;
  fs::path root(dir_or_bundle);
  std::error_code ec;
  if (fs::is_directory(root, ec)) {
    std::vector<fs::path> paths;
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); ++it) {
      const fs::path& p = it->path();
      if (!it->is_regular_file() || p.extension() != ".json") continue;
      if (p.generic_string().find("/schema/") != std::string::npos) continue;  // JSON Schema, not rules
      paths.push_back(p);
    }
    std::sort(paths.begin(), paths.end(), [](const fs::path& a, const fs::path& b) {
      int ra = Rank(a), rb = Rank(b);
      return ra != rb ? ra < rb : a.generic_string() < b.generic_string();
    });
    for (const auto& p : paths) {
      SourceFile f{DisplayName(p), ""};
      std::string why;
      if (!ReadFile(p, &f.text, &why)) return Status::Error(StatusCode::kResourceLimit, why);
      files.push_back(std::move(f));
    }
    if (files.empty())
      return Status::Error(StatusCode::kInvalidArgument, "no .json rule files under " + dir_or_bundle);
  } else {
    std::string text, why;
    if (!ReadFile(root, &text, &why)) return Status::Error(StatusCode::kResourceLimit, why);
    auto bundle = nlohmann::json::parse(text, nullptr, false);
    if (!bundle.is_array())
      return Status::Error(StatusCode::kInvalidArgument, dir_or_bundle + " is not a rules folder or bundle");
    for (const auto& item : bundle) {
      if (!item.is_object() || !item.contains("name") || !item.contains("text") ||
          !item["name"].is_string() || !item["text"].is_string())
        return Status::Error(StatusCode::kInvalidArgument, dir_or_bundle + ": bundle items are {name, text}");
      files.push_back({item["name"].get<std::string>(), item["text"].get<std::string>()});
    }
  }
  for (const auto& o : overrides) {
    SourceFile f{DisplayName(fs::absolute(o)), ""};
    std::string why;
    if (!ReadFile(o, &f.text, &why)) return Status::Error(StatusCode::kResourceLimit, why);
    auto same = std::find_if(files.begin(), files.end(), [&](const SourceFile& x) {
      return x.name == f.name || fs::path(x.name).filename() == fs::path(o).filename();
    });
    if (same != files.end()) *same = std::move(f);
    else files.push_back(std::move(f));
  }
  return files;
}

}  // namespace postcheck::cli
