// Embind bindings: one Engine object per module; plain JS objects out, UTF-16 text in, nothing thrown into JS.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <malloc.h>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "postcheck/checker.h"
#include "postcheck/ruleset.h"

using emscripten::val;
namespace pc = postcheck;

namespace {

val ErrorVal(const pc::Status& s) {
  val e = val::object();
  e.set("code", std::string(pc::StatusCodeName(s.code)));
  e.set("message", s.message);
  e.set("file", s.where.file);
  e.set("line", s.where.line);
  e.set("column", s.where.column);
  e.set("jsonPath", s.where.json_path);
  e.set("text", s.ToString());
  return e;
}

val Failed(const pc::Status& s) {
  val r = val::object();
  r.set("ok", false);
  r.set("error", ErrorVal(s));
  return r;
}

// Emscripten 3.1.6's val has no isObject().
bool IsObject(const val& v) { return !v.isNull() && v.typeOf().as<std::string>() == "object"; }

// JSON string escaping for checkCompact (the strings are UTF-8 from rules and ICU, so only
// quotes, backslashes and control characters need escaping).
void Quote(const std::string& s, std::string& out) {
  out += '"';
  // Runs that need no escaping (nearly all of a message) are copied whole: appending a character
  // at a time was ~8% of a check's time in wasm (node --cpu-prof).
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != '"' && c != '\\' && c >= 0x20) continue;
    out.append(s, run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
    else {
      static const char* hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

std::string StringField(const val& obj, const char* key) {
  val v = obj[key];
  return v.isString() ? v.as<std::string>() : std::string();
}

class Engine {
 public:
  val loadRuleset(val files, val options) {
    if (!files.isArray()) return Failed(pc::Status::Error(pc::StatusCode::kInvalidArgument, "files must be an array of {name, text}"));
    std::vector<pc::SourceFile> sources;
    const unsigned n = files["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
      val f = files[i];
      if (!IsObject(f)) return NoText(i);
      std::string text;
      val bytes = f["bytes"];
      if (bytes.instanceof(val::global("Uint8Array"))) {
        // UTF-8 from engine.js's TextEncoder, copied in once: embind's own string conversion
        // walks the text in JS twice (~10 ms of a cold start for the 300 KB bundle, node --cpu-prof).
        text = CopyBytes(bytes);
      } else if (f["text"].isString()) {
        text = f["text"].as<std::string>();
      } else {
        return NoText(i);
      }
      sources.push_back({StringField(f, "name"), std::move(text)});
    }
    pc::LoadOptions load_options;
    load_options.compile_all_trusts = false;  // MakeChecker below compiles the Trust in use
    // {examples: false}: the everyday load, where nothing runs them (runExamples then says so).
    load_options.examples = !(IsObject(options) && options["examples"].isFalse());
    return Install(pc::LoadRuleset(sources, load_options));
  }

  // A block from PackRuleset (scripts/pack-ruleset.mjs writes the built-in one): the start-up
  // path, with no JSON to parse. A block this build cannot read is refused like a broken ruleset.
  val loadPacked(val bytes, std::string name) {
    if (!bytes.instanceof(val::global("Uint8Array")))
      return Failed(pc::Status::Error(pc::StatusCode::kInvalidArgument, "a packed ruleset is a Uint8Array"));
    pc::LoadOptions load_options;
    load_options.compile_all_trusts = false;  // as loadRuleset
    return Install(pc::LoadPackedRuleset(CopyBytes(bytes), name, load_options));
  }

  // The loaded ruleset packed (a Uint8Array), or null before one is loaded.
  val pack() const {
    if (!ruleset_) return val::null();
    const std::string block = pc::PackRuleset(*ruleset_);
    val view{emscripten::typed_memory_view(block.size(), reinterpret_cast<const unsigned char*>(block.data()))};
    return val::global("Uint8Array").new_(view);  // a copy: the view dies with `block`
  }

  static val NoText(unsigned i) {
    return Failed(pc::Status::Error(pc::StatusCode::kInvalidArgument, "file " + std::to_string(i) + " has no text"));
  }

  val configure(val settings) {
    pc::CheckerOptions o;
    if (IsObject(settings)) {
      o.trust = StringField(settings, "trust");
      o.no_trust_profile = settings["noTrustProfile"].isTrue();
      o.site = StringField(settings, "site");
      std::string conf = StringField(settings, "minConfidence");
      if (!conf.empty() && !pc::ParseConfidence(conf, &o.min_confidence))
        return Failed(pc::Status::Error(pc::StatusCode::kInvalidArgument, "minConfidence must be low, medium or high"));
      val disabled = settings["disabledRules"];
      if (disabled.isArray()) {
        const unsigned n = disabled["length"].as<unsigned>();
        for (unsigned i = 0; i < n; ++i)
          if (disabled[i].isString()) o.disabled_rules.push_back(disabled[i].as<std::string>());
      }
      for (const char* key : {"severityOverrides", "placeholders"}) {
        val obj = settings[key];
        if (!IsObject(obj)) continue;
        val keys = val::global("Object").call<val>("keys", obj);
        const unsigned n = keys["length"].as<unsigned>();
        for (unsigned i = 0; i < n; ++i) {
          std::string k = keys[i].as<std::string>();
          if (!obj[k].isString()) continue;
          std::string v = obj[k].as<std::string>();
          if (std::string(key) == "placeholders") {
            o.placeholders[k] = v;
          } else {
            pc::Severity s;
            if (!pc::ParseSeverity(v, &s))
              return Failed(pc::Status::Error(pc::StatusCode::kInvalidArgument, "severity for " + k + " must be info, warn or block"));
            o.severity_overrides[k] = s;
          }
        }
      }
    }
    if (!ruleset_) return Failed(pc::Status::Error(pc::StatusCode::kInvalidArgument, "load a ruleset first"));
    // Switching tabs switches the site and so the settings: a checker compiled for the same
    // settings before is reused instead of compiled again (~10 ms each in wasm).
    const std::string key = Key(Resolved(o));
    auto hit = std::find_if(cache_.begin(), cache_.end(), [&](const auto& e) { return e.first == key; });
    if (hit != cache_.end()) {
      SetChecker(hit->second);
    } else {
      auto checker = pc::MakeChecker(ruleset_, o);
      if (!checker.ok()) return Failed(checker.status());
      SetChecker(std::shared_ptr<pc::Checker>(std::move(checker).value()));
      if (cache_.size() >= kCacheSize) cache_.erase(cache_.begin());
      cache_.emplace_back(key, checker_);
    }
    options_ = o;
    val r = val::object();
    r.set("ok", true);
    return r;
  }

  // The result crosses into JS as one JSON string that engine.js parses: one boundary crossing
  // instead of a dozen property sets per finding (which cost more than the check on busy posts).
  // A finding's texts (title, message, advice, policy) are the same for every finding of its
  // rule under one checker, so each rule's texts cross once per checker, in the first result
  // that needs them, and findings cross as numbers: building, decoding and parsing the texts
  // per finding was ~15% of a check in wasm (node --cpu-prof). engine.js keeps the texts of
  // the current generation and rebuilds the full findings.
  //   {"ok":true,"gen":G,"rules":[[id,category,title,message,advice,policyRef,policyUrl],...],
  //    "f":[rule slot,start,end,severity,confidence, ...],"notes":[...],"truncated":false}
  std::string checkCompact(const std::u16string& text) { return CheckCompact(text); }

  // The text check() reads, for the plain exports below: engine.js writes a draft's UTF-16 units
  // here and calls postcheck_check, so a check crosses no embind invoker (its generic path,
  // without eval, and the string copies in and out were ~10% of a short post's check in wasm,
  // node --cpu-prof) and the text is copied once.
  char16_t* TextBuffer(size_t units) {
    if (text_.size() < units) text_.resize(units);
    return text_.data();
  }
  const std::string& CheckBuffer(size_t units) {
    result_ = CheckCompact(std::u16string_view(text_.data(), std::min(units, text_.size())));
    // A huge paste's buffer is given back; an everyday post's is kept for the next keystroke.
    if (text_.size() > (size_t{1} << 17)) std::u16string().swap(text_);
    return result_;
  }
  // For engine.js to pass to the exports; the Engine outlives every call made through it.
  uintptr_t address() { return reinterpret_cast<uintptr_t>(this); }
  size_t result_size() const { return result_.size(); }

  std::string CheckCompact(std::u16string_view text) {
    if (!checker_) return "{\"ok\":false,\"gen\":0,\"rules\":[],\"f\":[],\"notes\":[],\"truncated\":false,\"error\":{\"code\":\"invalid_argument\",\"message\":\"no ruleset loaded\",\"file\":\"\",\"line\":0,\"column\":0,\"jsonPath\":\"\",\"text\":\"no ruleset loaded\"}}";
    pc::CheckResult res = checker_->Check(text);
    std::string rules, nums;
    nums.reserve(res.findings.size() * 24);
    for (const pc::Finding& f : res.findings) {
      auto [slot, added] = rule_slot_.try_emplace(f.rule, rule_slot_.size());
      if (added) {
        rules += rules.empty() ? "[" : ",[";
        for (const std::string* t : {&f.rule, &f.category, &f.title, &f.message, &f.advice, &f.policy_ref, &f.policy_url}) {
          if (t != &f.rule) rules += ',';
          Quote(*t, rules);
        }
        rules += ']';
      }
      if (!nums.empty()) nums += ',';
      nums += std::to_string(slot->second);
      nums += ','; nums += std::to_string(f.start);
      nums += ','; nums += std::to_string(f.end);
      nums += ",\""; nums += pc::SeverityName(f.severity);
      nums += "\",\""; nums += pc::ConfidenceName(f.confidence);
      nums += '"';
    }
    std::string out;
    out.reserve(96 + rules.size() + nums.size());
    out += "{\"ok\":true,\"gen\":"; out += std::to_string(gen_);
    out += ",\"rules\":["; out += rules;
    out += "],\"f\":["; out += nums;
    out += "],\"notes\":[";
    for (size_t i = 0; i < res.notes.size(); ++i) {
      if (i) out += ',';
      Quote(res.notes[i], out);
    }
    out += "],\"truncated\":";
    out += res.truncated ? "true" : "false";
    out += '}';
    return out;
  }

  val runExamples() {
    val out = val::array();
    if (!ruleset_) return out;
    auto failures = pc::RunRuleExamples(ruleset_);
    for (size_t i = 0; i < failures.size(); ++i) {
      const auto& f = failures[i];
      val o = val::object();
      o.set("rule", f.rule);
      o.set("trust", f.trust);
      o.set("example", f.example);
      o.set("problem", f.problem);
      o.set("file", f.where.file);
      o.set("line", f.where.line);
      out.set(i, o);
    }
    return out;
  }

  // Where the engine's memory is, for the benchmark and for tests: the wasm heap as grown so far
  // and the part malloc has handed out (ruleset, checkers, caches).
  val memory() const {
    struct mallinfo mi = mallinfo();
    val r = val::object();
    r.set("heapBytes", static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0);
    r.set("inUseBytes", static_cast<double>(mi.uordblks));
    return r;
  }

  // Built as one JSON string and parsed by JS: five hundred property sets across the boundary
  // were ~2.6 ms of a wasm cold start (node --cpu-prof), for an object JSON.parse makes at once.
  val info() const {
    if (!ruleset_) return val::null();
    std::string out = "{\"name\":";
    Quote(ruleset_->name(), out);
    out += ",\"version\":";
    Quote(ruleset_->version(), out);
    out += ",\"ruleCount\":" + std::to_string(ruleset_->rules().size()) + ",\"trust\":";
    Quote(checker_ ? checker_->options().trust : std::string(), out);
    out += ",\"trusts\":[";
    for (size_t i = 0; i < ruleset_->trusts().size(); ++i) {
      const auto& t = ruleset_->trusts()[i];
      out += i ? ",{\"id\":" : "{\"id\":";
      Quote(t.id, out);
      out += ",\"name\":"; Quote(t.name, out);
      out += ",\"policyShort\":"; Quote(t.policy_short, out);
      out += ",\"policyTitle\":"; Quote(t.policy_title, out);
      out += ",\"policyUrl\":"; Quote(t.policy_url, out);
      out += '}';
    }
    out += "],\"rules\":[";
    for (size_t i = 0; i < ruleset_->rules().size(); ++i) {
      const auto& x = ruleset_->rules()[i];
      out += i ? ",{\"id\":" : "{\"id\":";
      Quote(x.id, out);
      out += ",\"category\":"; Quote(x.category, out);
      out += ",\"severity\":"; Quote(std::string(pc::SeverityName(x.severity)), out);
      out += ",\"title\":"; Quote(x.title, out);
      out += ",\"trust\":"; Quote(x.trust, out);
      out += '}';
    }
    out += "]}";
    return val::global("JSON").call<val>("parse", out);
  }

 private:
  static std::string CopyBytes(const val& bytes) {
    std::string out(bytes["length"].as<size_t>(), '\0');
    val view{emscripten::typed_memory_view(out.size(), reinterpret_cast<unsigned char*>(out.data()))};
    view.call<void>("set", bytes);
    return out;
  }

  // Makes a newly loaded ruleset current; a failure leaves the last good one in force.
  val Install(pc::Result<std::shared_ptr<const pc::Ruleset>> loaded) {
    if (!loaded.ok()) return Failed(loaded.status());
    // Re-bind the current settings to the new rules; if they no longer fit (say the Trust is
    // gone), fall back to defaults rather than keep an old checker for new rules.
    auto checker = pc::MakeChecker(loaded.value(), options_);
    if (!checker.ok()) {
      pc::CheckerOptions defaults;
      checker = pc::MakeChecker(loaded.value(), defaults);
      if (!checker.ok()) return Failed(checker.status());
      options_ = defaults;
    }
    ruleset_ = loaded.value();
    cache_.clear();  // compiled for the old rules
    SetChecker(std::shared_ptr<pc::Checker>(std::move(checker).value()));
    cache_.emplace_back(Key(Resolved(options_)), checker_);
    val r = val::object();
    r.set("ok", true);
    r.set("info", info());
    return r;
  }

  std::shared_ptr<const pc::Ruleset> ruleset_;
  // Everything that changes what a checker compiles, as one comparable string.
  // No Trust named means the first profile: the same checker as naming it, so the cold path
  // (load with defaults, then configure the Trust the policy names) compiles once, not twice.
  pc::CheckerOptions Resolved(pc::CheckerOptions o) const {
    if (o.trust.empty() && !o.no_trust_profile && ruleset_ && !ruleset_->trusts().empty())
      o.trust = ruleset_->trusts().front().id;
    return o;
  }
  static std::string Key(const pc::CheckerOptions& o) {
    std::string k = (o.no_trust_profile ? std::string("\x1a") : o.trust) + '\x1f' + o.site + '\x1f' + pc::ConfidenceName(o.min_confidence);
    for (const auto& d : o.disabled_rules) k += '\x1e' + d;
    for (const auto& [r, s] : o.severity_overrides) k += '\x1d' + r + '=' + pc::SeverityName(s);
    for (const auto& [p, v] : o.placeholders) k += '\x1c' + p + '=' + v;
    return k;
  }

  // Every change of checker starts a new generation of rule texts (see checkCompact).
  void SetChecker(std::shared_ptr<pc::Checker> c) {
    checker_ = std::move(c);
    ++gen_;
    rule_slot_.clear();
  }

  static constexpr size_t kCacheSize = 8;
  std::shared_ptr<pc::Checker> checker_;
  std::u16string text_;  // TextBuffer()
  std::string result_;   // the last CheckBuffer() result, read by JS before the next call
  uint32_t gen_ = 0;
  std::unordered_map<std::string, uint32_t> rule_slot_;  // rule id -> its texts' slot in this generation
  std::vector<std::pair<std::string, std::shared_ptr<pc::Checker>>> cache_;  // oldest first
  pc::CheckerOptions options_;
};

}  // namespace

// Plain exports for the check on every keystroke (engine.js falls back to checkCompact without them).
extern "C" {
EMSCRIPTEN_KEEPALIVE char16_t* postcheck_text_buffer(Engine* e, uint32_t units) { return e->TextBuffer(units); }
EMSCRIPTEN_KEEPALIVE const char* postcheck_check(Engine* e, uint32_t units) { return e->CheckBuffer(units).data(); }
EMSCRIPTEN_KEEPALIVE uint32_t postcheck_result_size(Engine* e) { return static_cast<uint32_t>(e->result_size()); }
}

EMSCRIPTEN_BINDINGS(postcheck) {
  emscripten::class_<Engine>("Engine")
      .constructor<>()
      .function("loadRuleset", &Engine::loadRuleset)
      .function("loadPacked", &Engine::loadPacked)
      .function("pack", &Engine::pack)
      .function("configure", &Engine::configure)
      .function("checkCompact", &Engine::checkCompact)
      .function("address", &Engine::address)
      .function("runExamples", &Engine::runExamples)
      .function("info", &Engine::info)
      .function("memory", &Engine::memory);
}
