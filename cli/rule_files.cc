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

bool IsTrustFile(const std::string& name) {
  return name.find("trusts/") != std::string::npos;
}

// What a rules file defines, read leniently (a file that does not parse defines nothing).
struct Defines {
  std::string trust;
  std::vector<std::string> rule_ids;
};
Defines WhatItDefines(const std::string& text) {
  Defines d;
  auto j = nlohmann::json::parse(text, nullptr, false, /*ignore_comments=*/true);
  if (!j.is_object()) return d;
  if (j.contains("trust") && j["trust"].is_object() && j["trust"].contains("id") && j["trust"]["id"].is_string())
    d.trust = j["trust"]["id"].get<std::string>();
  if (j.contains("rules") && j["rules"].is_array())
    for (const auto& r : j["rules"])
      if (r.is_object() && r.contains("id") && r["id"].is_string()) d.rule_ids.push_back(r["id"].get<std::string>());
  return d;
}

// The file a draft stands in for: same name, else same Trust, else the file with its rule ids.
std::vector<SourceFile>::iterator Replaced(std::vector<SourceFile>& files, const SourceFile& draft,
                                          const std::string& draft_path, std::string* why) {
  auto same = std::find_if(files.begin(), files.end(), [&](const SourceFile& x) {
    return x.name == draft.name || fs::path(x.name).filename() == fs::path(draft_path).filename();
  });
  if (same != files.end()) { *why = "same file name"; return same; }
  Defines d = WhatItDefines(draft.text);
  for (auto it = files.begin(); it != files.end(); ++it) {
    if (d.trust.empty() && d.rule_ids.empty()) break;
    Defines o = WhatItDefines(it->text);
    if (!d.trust.empty() && o.trust == d.trust) { *why = "same Trust '" + d.trust + "'"; return it; }
    if (d.trust.empty() && o.trust.empty()) {
      for (const auto& id : d.rule_ids) {
        if (std::find(o.rule_ids.begin(), o.rule_ids.end(), id) != o.rule_ids.end()) {
          *why = "it defines rule " + id;
          return it;
        }
      }
    }
  }
  return files.end();
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
                                              const std::vector<std::string>& overrides,
                                              const ReadOptions& options, std::vector<std::string>* notes) {
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
  if (!options.only_trust.empty()) {
    auto mine = [&](const SourceFile& f) {
      return IsTrustFile(f.name) && fs::path(f.name).stem() == options.only_trust;
    };
    // Without a file of that name the checker's "unknown trust" error lists every profile.
    if (std::any_of(files.begin(), files.end(), mine)) {
      files.erase(std::remove_if(files.begin(), files.end(),
                                 [&](const SourceFile& f) { return IsTrustFile(f.name) && !mine(f); }),
                  files.end());
    }
  }
  for (const auto& o : overrides) {
    SourceFile f{DisplayName(fs::absolute(o)), ""};
    std::string why;
    if (!ReadFile(o, &f.text, &why)) return Status::Error(StatusCode::kResourceLimit, why);
    std::string reason;
    auto replaced = Replaced(files, f, o, &reason);
    if (notes) {
      notes->push_back(replaced != files.end()
                           ? "draft " + f.name + " replaces " + replaced->name + " (" + reason + ")"
                           : "draft " + f.name + " is added as a new file");
    }
    if (replaced != files.end()) *replaced = std::move(f);
    else files.push_back(std::move(f));
  }
  return files;
}

}  // namespace postcheck::cli
