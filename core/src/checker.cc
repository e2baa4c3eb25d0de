// Checker: compiles a ruleset for one Trust (automata, regexes, detectors, rendered messages) and runs
// text -> views -> leaf matches -> combinators -> confidence -> findings, all offsets in original UTF-16.
#include "postcheck/checker.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "detect/detector.h"
#include "load_path.h"
#include "match/leaf_gate.h"
#include "match/leaf_hits.h"
#include "match/prefilter_pass.h"
#include "match/regex_matcher.h"
#include "match/regex_prefilter.h"
#include "match/term_index.h"
#include "rules/placeholders.h"
#include "rules/ruleset_impl.h"
#include "rules/trust_choices.h"
#include "text/icu_env.h"
#include "text/segments.h"
#include "text/text_view.h"
#include "text/utf.h"

namespace postcheck {
namespace {

struct Node {
  ExprKind kind;
  std::vector<int> children;
  int leaf = -1;  // for terms, regex and detector nodes
  Distance within;
  int gap = 0;
  // Leaves of which at least one must have a hit for this node to give any span; empty with
  // `always` set when that cannot be said (a "not").
  std::vector<int> triggers;
  bool always = false;
};

struct RegexLeaf {
  int leaf;
  Fold fold;
  std::string rule;
  std::shared_ptr<const RegexMatcher> matcher;
  RegexPrefilter filter;  // on the base view only: the folded view is not closed under case folding
};

struct DetectorLeaf {
  int leaf;
  const DetectorDef* def;
};

struct CompiledRule {
  const RuleSpec* spec;
  int match = -1;  // node ids; identical subexpressions of different rules share one node
  int unless = -1;
  std::vector<std::pair<int, Distance>> evidence;
  int allow = -1;  // leaf of the rule's allow phrases: a primary match inside one is dropped
  std::string message, advice, policy_ref, policy_url;
  std::array<Severity, 3> severity;
};

// A finding before its texts are attached: rules_ index, rank of its rule id among the ids.
struct RawFinding {
  uint32_t rule, rank;
  uint32_t start, end;
  Severity severity;
  Confidence confidence;
};

// The value of one node for one text. Leaves and "all" point at spans held elsewhere (the hit
// lists, a child's value) instead of copying them.
struct Eval {
  bool matched = false;
  const std::vector<Span>* spans = nullptr;  // sorted by start; never null once evaluated
  std::vector<Span> own;                     // storage when this node computed its own spans
  uint32_t longest = 0;                      // longest span, for windowed proximity look-ups
};

bool HostMatches(const std::string& host, const std::string& site) {
  if (host == site) return true;
  return host.size() > site.size() && host.compare(host.size() - site.size(), site.size(), site) == 0 &&
         host[host.size() - site.size() - 1] == '.';
}

class CheckerImpl final : public Checker {
 public:
  CheckerImpl(std::shared_ptr<const Ruleset> ruleset, CheckerOptions options)
      : ruleset_(std::move(ruleset)),
        impl_(static_cast<const RulesetImpl&>(*ruleset_)),
        options_(std::move(options)),
        plain_(impl_.Terms(Fold::kPlain)),
        folded_(impl_.Terms(Fold::kObfuscated)) {}

  POSTCHECK_LOAD_PATH Status Compile() {
    const RulesetSpec& spec = impl_.spec();
    if (!spec.trusts.empty() && !options_.no_trust_profile) {
      if (options_.trust.empty()) options_.trust = spec.trusts.front().info.id;
      for (const auto& t : spec.trusts)
        if (t.info.id == options_.trust) trust_ = &t;
      if (!trust_) {
        std::string ids;
        for (const auto& t : spec.trusts) ids += (ids.empty() ? "" : ", ") + t.info.id;
        return Status::Error(StatusCode::kInvalidArgument,
                             "unknown trust '" + options_.trust + "' (this ruleset has: " + ids + ")");
      }
    }
    std::map<std::string, std::string> values;
    if (trust_) values = trust_->placeholders;
    for (const auto& [k, v] : options_.placeholders) values[k] = v;
    std::set<std::string> disabled(options_.disabled_rules.begin(), options_.disabled_rules.end());

    for (const RuleSpec& r : spec.rules)
      if (auto s = CompileRule(r, values, disabled); !s.ok()) return s;
    plain_.Build();
    folded_.Build();
    std::vector<const RegexPrefilter*> filters;
    for (const RegexLeaf& r : regexes_) {
      filters.push_back(&r.filter);
      sketch_needs_.Add(r.filter);
    }
    prefilter_pass_ = PrefilterPass(std::move(filters));
    std::vector<uint32_t> by_id(rules_.size());
    for (uint32_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
    const auto id = [&](uint32_t i) -> const std::string& { return rules_[i].spec->info.id; };
    std::sort(by_id.begin(), by_id.end(), [&](uint32_t a, uint32_t b) { return id(a) < id(b); });
    rule_rank_.assign(rules_.size(), 0);
    for (uint32_t k = 1; k < by_id.size(); ++k)
      rule_rank_[by_id[k]] = rule_rank_[by_id[k - 1]] + (id(by_id[k - 1]) < id(by_id[k]) ? 1 : 0);
    rules_by_leaf_.assign(leaf_count_, {});
    for (uint32_t i = 0; i < rules_.size(); ++i) {
      const Node& match = nodes_[rules_[i].match];
      if (match.always) always_rules_.push_back(i);
      for (int leaf : match.triggers) rules_by_leaf_[leaf].push_back(i);
    }
    BuildGate();
    node_ids_.clear();
    leaf_ids_.clear();
    return Status::Ok();
  }

  CheckResult Check(std::u16string_view text, const CheckLimits& limits) const override {
    CheckResult result;
    if (!EnsureIcu()) {
      result.notes.push_back("text engine unavailable; nothing checked");
      return result;
    }
    if (text.size() > limits.max_text_units) {
      size_t cut = limits.max_text_units;
      if (cut > 0 && (text[cut - 1] & 0xFC00) == 0xD800) --cut;  // keep a surrogate pair whole
      text = text.substr(0, cut);
      result.truncated = true;
      result.notes.push_back("only the first " + std::to_string(cut) + " characters were checked");
    }
    // The clock serves only the optional wall-clock budget: in wasm each read is a call out to
    // JS, so without a budget it is not read at all.
    const bool timed = limits.total_budget_ms > 0;
    const auto started =
        timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    TextView& base = BaseScratch();
    MakeBaseView(text, base);
    TextView* folded = nullptr;
    if (needs_folded_) {
      folded = &FoldedScratch();
      MakeFoldedView(base, *folded);
    }

    LeafHits& hits = LeafScratch();
    hits.Reset(leaf_count_);
    plain_.Scan(base, text, hits);
    if (folded) folded_.Scan(*folded, text, hits);
    // Detectors, then patterns, run only for rules the leaves found before them leave possible.
    // Only the entries of detector and pattern leaves are read, each after Mark wrote it.
    std::vector<uint8_t>& needed = NeededScratch();
    if (needed.size() < static_cast<size_t>(leaf_count_)) needed.resize(leaf_count_);
    if (!detectors_.empty()) {
      gate_.Mark(kDetectorStage, hits, needed);
      if (std::any_of(detectors_.begin(), detectors_.end(),
                      [&](const DetectorLeaf& d) { return needed[d.leaf]; })) {
        // What the detectors share (where words start, whether there is a digit) is found once.
        const DetectInput in{text, base};
        for (const auto& d : detectors_) {
          if (!needed[d.leaf]) continue;
          d.def->fn(in, hits.Fill(d.leaf));
          hits.Filled(d.leaf);
        }
      }
    }
    if (!regexes_.empty()) gate_.Mark(kPatternStage, hits, needed);
    // Regex work is counted in ICU match steps, not wall time: a catastrophic pattern stops at
    // its own limit, the check's regexes share one step budget, and nothing here depends on how
    // busy the machine is. The wall-clock guard below leaves regex time out, so a slow pattern
    // can never starve the term, phrase and detector rules.
    std::chrono::steady_clock::duration regex_time{};
    int64_t regex_ticks_left = static_cast<int64_t>(limits.regex_check_limit);
    // Patterns whose required characters the text lacks are skipped; the others learn, in one
    // pass for all of them, the stretches that can hold a match or the places one can begin.
    // Unbounded patterns are tried only where a match can begin, unless that is more than one
    // place in eight, where ICU's own scan over every place costs less.
    TextSketch* sketch = nullptr;  // made only if some pattern has a prefilter
    std::vector<uint8_t>& may_match = MayMatchScratch();
    may_match.assign(regexes_.size(), 0);
    for (size_t k = 0; k < regexes_.size(); ++k) {
      const RegexPrefilter& f = regexes_[k].filter;
      if (f.always() || !needed[regexes_[k].leaf]) continue;
      if (!sketch) {
        sketch = &SketchScratch();
        sketch->Reset(base.text, sketch_needs_);
      }
      may_match[k] = f.MayMatch(*sketch);
    }
    std::vector<PrefilterPass::Places>& places = PlacesScratch();
    prefilter_pass_.Run(base.text, may_match, base.text.size() / 8 + 1, places);
    for (size_t k = 0; k < regexes_.size(); ++k) {
      const RegexLeaf& r = regexes_[k];
      if (!needed[r.leaf]) continue;                      // no rule that may match reads it
      if (!r.filter.always() && !may_match[k]) continue;  // it cannot match: skipping changes nothing
      const PrefilterPass::Places& where = places[k];
      if (regex_ticks_left <= 0) {
        result.truncated = true;
        result.notes.push_back("rule " + r.rule + ": skipped, the check's regex step budget was spent");
        continue;
      }
      const auto regex_started = timed ? std::chrono::steady_clock::now() : started;
      auto outcome = r.matcher->Scan(r.fold == Fold::kObfuscated ? *folded : base, text,
                                     static_cast<int32_t>(limits.regex_time_limit), hits.Fill(r.leaf), &regex_ticks_left,
                                     where.kind == PrefilterPass::Places::Kind::kWindows ? &where.windows : nullptr,
                                     where.kind == PrefilterPass::Places::Kind::kStarts ? &where.starts : nullptr);
      hits.Filled(r.leaf);
      if (timed) regex_time += std::chrono::steady_clock::now() - regex_started;
      if (outcome == RegexMatcher::Outcome::kTimedOut)
        result.notes.push_back("rule " + r.rule + ": pattern hit its time limit; matches so far kept");
      else if (outcome == RegexMatcher::Outcome::kFailed)
        result.notes.push_back("rule " + r.rule + ": pattern failed to run");
    }
    for (uint32_t leaf : hits.touched())
      if (hits[leaf].size() > 1) Tidy(hits.at(leaf));

    // A rule none of whose required leaves was found cannot match, so only the rules some found
    // leaf can trigger are looked at (in rule order), and only the nodes they reach get a value:
    // a check costs what the text contains, not how many rules there are.
    std::vector<uint32_t> candidates = always_rules_;
    for (uint32_t leaf : hits.touched())
      candidates.insert(candidates.end(), rules_by_leaf_[leaf].begin(), rules_by_leaf_[leaf].end());
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    Context ctx{text, base, hits, {}, {}, SlotScratch(nodes_.size()), {}};
    std::vector<RawFinding> raw;
    for (size_t c = 0; c < candidates.size(); ++c) {
      const uint32_t rule_index = candidates[c];
      const CompiledRule& cr = rules_[rule_index];
      if (!gate_.MayMatch(rule_index, hits)) continue;
      // A hostile paste must not freeze the extension: once the budget is spent, the rules not
      // yet run are reported as skipped and what was found so far is returned. The clock is read
      // every fourth rule: in wasm each read is a call out to JS (2% of a short post's check).
      if (timed && c % 4 == 0 &&
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started -
                                                    regex_time)
                  .count() > limits.total_budget_ms) {
        result.truncated = true;
        result.notes.push_back("time budget spent after " + std::to_string(rule_index) + " of " +
                               std::to_string(rules_.size()) + " rules; the rest were skipped");
        break;
      }
      if (cr.unless >= 0 && Evaluate(cr.unless, ctx).matched) continue;
      const Eval& primary = Evaluate(cr.match, ctx);
      for (const Span& sp : *primary.spans) {
        if (cr.allow >= 0 && Covers(hits[cr.allow], sp)) continue;
        int found = 0;
        for (const auto& [node, within] : cr.evidence) {
          const Eval& ev = Evaluate(node, ctx);
          if (AnyWithin(sp, ev, within, ctx)) ++found;
        }
        if (found < cr.spec->min_evidence) continue;
        int level = std::min(2, static_cast<int>(cr.spec->base_confidence) + found);
        auto conf = static_cast<Confidence>(level);
        if (conf < options_.min_confidence) continue;
        raw.push_back({rule_index, rule_rank_[rule_index], sp.start, sp.end, cr.severity[level], conf});
      }
    }
    // Findings are ordered, merged and cut as plain records; a Finding with its texts is made
    // only for each one returned (copying seven strings per raw finding was most of what a long
    // post's check allocated).
    const auto documented_order = [](const RawFinding& a, const RawFinding& b) {
      if (a.start != b.start) return a.start < b.start;
      if (a.end != b.end) return a.end > b.end;  // longest first, so overlaps keep it
      return a.rank < b.rank;                  // rule id order
    };
    std::sort(raw.begin(), raw.end(), documented_order);
    // One underline per place per rule: a finding overlapping an earlier one of the same rule
    // (a Trust's name and its alias inside it, say) adds nothing for the reader, and two that
    // touch across one space ("useless" "idiot") read as one.
    std::vector<int32_t> last(rules_.size(), -1);  // rule id rank -> index of its last kept finding
    std::vector<RawFinding> kept;
    kept.reserve(raw.size());
    for (const RawFinding& f : raw) {
      if (const int32_t at = last[f.rank]; at >= 0) {
        RawFinding& prev = kept[at];
        bool touching = f.start <= prev.end ||
                        (f.start == prev.end + 1 && (text[prev.end] == u' ' || text[prev.end] == u'\u00a0'));
        if (touching) {
          prev.end = std::max(prev.end, f.end);
          prev.confidence = std::max(prev.confidence, f.confidence);
          prev.severity = std::max(prev.severity, f.severity);
          continue;
        }
      }
      last[f.rank] = static_cast<int32_t>(kept.size());
      kept.push_back(f);
    }
    // Merging lengthens a finding, which can put it behind a shorter one of another rule with the
    // same start (found by fuzz_check): the order is restored, not assumed.
    std::sort(kept.begin(), kept.end(), documented_order);
    if (kept.size() > limits.max_findings) {
      kept.resize(limits.max_findings);
      result.truncated = true;
      result.notes.push_back("more than " + std::to_string(limits.max_findings) + " findings; the rest are not shown");
    }
    result.findings.reserve(kept.size());
    for (const RawFinding& k : kept) {
      const CompiledRule& cr = rules_[k.rule];
      Finding& f = result.findings.emplace_back();
      f.rule = cr.spec->info.id;
      f.category = cr.spec->info.category;
      f.severity = k.severity;
      f.confidence = k.confidence;
      f.start = k.start;
      f.end = k.end;
      f.title = cr.spec->info.title;
      f.message = cr.message;
      f.advice = cr.advice;
      f.policy_ref = cr.policy_ref;
      f.policy_url = cr.policy_url;
    }
    return result;
  }

  const Ruleset& ruleset() const override { return *ruleset_; }
  const CheckerOptions& options() const override { return options_; }

 private:
  // One hit list per leaf, kept per thread across checks: a check then neither allocates nor zeroes a list for
  // every leaf of the ruleset (a cost that grew with the number of rules). Emptied here, before use, so nothing a
  // previous check left behind can leak into this one; a list grown by a huge paste is given back.
  static std::vector<PrefilterPass::Places>& PlacesScratch() {
    thread_local std::vector<PrefilterPass::Places> places;
    return places;
  }
  // The views, kept per thread like the hit lists: a view made over an earlier text reuses its
  // arrays. One grown by a huge paste (over 128 Ki units, 1.3 MB a view) is given back before the
  // next check; below that, zero-filling fresh arrays at every check of a long post was 3% of its
  // time.
  static TextView& ViewScratch(TextView& v) {
    if (v.text.capacity() > (size_t{1} << 17)) v = TextView();
    return v;
  }
  static TextView& BaseScratch() {
    thread_local TextView view;
    return ViewScratch(view);
  }
  static TextView& FoldedScratch() {
    thread_local TextView view;
    return ViewScratch(view);
  }
  static TextSketch& SketchScratch() {
    thread_local TextSketch sketch;
    return sketch;
  }
  static std::vector<uint8_t>& NeededScratch() {
    thread_local std::vector<uint8_t> needed;
    return needed;
  }
  static std::vector<uint8_t>& MayMatchScratch() {
    thread_local std::vector<uint8_t> may_match;
    return may_match;
  }
  static LeafHits& LeafScratch() {
    thread_local LeafHits hits;
    return hits;
  }
  // Node -> where its value is in Context::values, stamped with the check that stored it: a
  // stamp from another check reads as "not yet evaluated", so nothing is cleared per check.
  struct Slots {
    std::vector<uint64_t> at;
    uint32_t generation = 0;
  };
  // This thread's slots, with a new stamp for the check about to use them.
  static Slots& SlotScratch(size_t nodes) {
    thread_local Slots slots;
    if (slots.at.size() < nodes) slots.at.resize(nodes, 0);
    if (slots.generation == UINT32_MAX) {  // the stamps wrap: forget them all
      std::fill(slots.at.begin(), slots.at.end(), 0);
      slots.generation = 0;
    }
    ++slots.generation;
    return slots;
  }

  struct Context {
    std::u16string_view text;
    const TextView& base;
    const LeafHits& hits;
    std::optional<std::vector<Span>> words;      // built on first use
    std::optional<std::vector<Span>> sentences;  // built on first use (few rules measure in sentences)
    Slots& slot;  // stamped for this check
    std::deque<Eval> values;  // grows without moving: pointers into it stay valid
  };

  // Whether a span of `tidy` (a leaf's hits after Tidy: by start, none inside another, so the
  // ends rise too) contains `sp`: only the last one starting at or before it can.
  static bool Covers(const std::vector<Span>& tidy, const Span& sp) {
    auto it = std::upper_bound(tidy.begin(), tidy.end(), sp.start,
                               [](uint32_t v, const Span& a) { return v < a.start; });
    return it != tidy.begin() && std::prev(it)->end >= sp.end;
  }
  // Sorted by start, longest first; spans inside an earlier span of the same leaf are dropped so
  // "on behalf of the trust" is one finding, not two.
  static void Tidy(std::vector<Span>& v) {
    if (v.size() < 2) return;
    const auto before = [](const Span& a, const Span& b) { return a.start != b.start ? a.start < b.start : a.end > b.end; };
    // Term hits mostly arrive in order already (the trie walks the text from its start).
    if (!std::is_sorted(v.begin(), v.end(), before)) std::sort(v.begin(), v.end(), before);
    size_t kept = 1;
    uint32_t reach = v[0].end;
    for (size_t i = 1; i < v.size(); ++i) {
      if (v[i].end <= reach) continue;
      v[kept++] = v[i];
      reach = std::max(reach, v[i].end);
    }
    v.resize(kept);
  }

  bool IsKnownPlaceholder(const std::string& key) const {
    for (const auto& t : impl_.spec().trusts)
      if (t.placeholders.count(key)) return true;
    return options_.placeholders.count(key) > 0;
  }

  Status CompileError(const Expr& e, const std::string& suffix, const std::string& msg) const {
    return Status::Error(StatusCode::kCompileError, msg, impl_.Locate(e.file, e.path + suffix));
  }

  // Nodes are hash-consed: an expression that several rules (or one rule twice) spell the same
  // way ("terms_ref": "patient_words") is compiled to one leaf and one node, so its hits are
  // collected and its value computed once per check however many rules use it.
  POSTCHECK_LOAD_STEP int Intern(Node n) {
    // The fields' bytes, not their decimal text: formatting numbers was most of interning.
    std::string key;
    key.reserve(4 * (5 + n.children.size()));
    const auto put = [&](int32_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
    for (int32_t v : {static_cast<int32_t>(n.kind), static_cast<int32_t>(n.leaf),
                      static_cast<int32_t>(n.within.unit), static_cast<int32_t>(n.within.words),
                      static_cast<int32_t>(n.gap)})
      put(v);
    for (int c : n.children) put(c);
    if (auto it = node_ids_.find(key); it != node_ids_.end()) return it->second;
    switch (n.kind) {
      case ExprKind::kTerms:
      case ExprKind::kRegex:
      case ExprKind::kDetector:
        n.triggers = {n.leaf};
        break;
      case ExprKind::kAny:
        for (int c : n.children) {
          const Node& child = nodes_[c];
          n.always = n.always || child.always;
          n.triggers.insert(n.triggers.end(), child.triggers.begin(), child.triggers.end());
        }
        std::sort(n.triggers.begin(), n.triggers.end());
        n.triggers.erase(std::unique(n.triggers.begin(), n.triggers.end()), n.triggers.end());
        if (n.always) n.triggers.clear();
        break;
      case ExprKind::kNot:
        n.always = true;  // its value is "no match": nothing to require
        break;
      case ExprKind::kAll:
      case ExprKind::kNear:
      case ExprKind::kPhrase:
        // Their spans are a subset of the first operand's.
        n.always = nodes_[n.children[0]].always;
        n.triggers = nodes_[n.children[0]].triggers;
        break;
    }
    nodes_.push_back(std::move(n));
    const int id = static_cast<int>(nodes_.size() - 1);
    node_ids_.emplace(std::move(key), id);
    return id;
  }

  // The leaves one of which must have a hit for node `id` to give a span, as clauses (see
  // LeafGate): a leaf needs itself, "any" one of its triggers, "all", "near" and "phrase" every
  // operand (a "not" operand needs nothing).
  void ClausesOf(int id, std::vector<std::vector<int>>& out) const {
    const Node& n = nodes_[id];
    switch (n.kind) {
      case ExprKind::kTerms:
      case ExprKind::kRegex:
      case ExprKind::kDetector:
        out.push_back({n.leaf});
        break;
      case ExprKind::kAny:
        if (!n.always) out.push_back(n.triggers);
        break;
      case ExprKind::kNot:
        break;
      case ExprKind::kAll:
      case ExprKind::kNear:
      case ExprKind::kPhrase:
        for (int c : n.children) ClausesOf(c, out);
        break;
    }
  }
  void LeavesOf(int id, std::vector<uint8_t>& seen, std::vector<int>& out) const {
    if (id < 0 || seen[id]) return;
    seen[id] = 1;
    if (nodes_[id].leaf >= 0) out.push_back(nodes_[id].leaf);
    for (int c : nodes_[id].children) LeavesOf(c, seen, out);
  }
  POSTCHECK_LOAD_PATH void BuildGate() {
    std::vector<uint8_t> stage(leaf_count_, kTermStage);
    for (const DetectorLeaf& d : detectors_) stage[d.leaf] = kDetectorStage;
    for (const RegexLeaf& r : regexes_) stage[r.leaf] = kPatternStage;
    gate_ = LeafGate(std::move(stage));
    std::vector<uint8_t> seen(nodes_.size());
    for (const CompiledRule& cr : rules_) GateRule(cr, seen);
  }

  POSTCHECK_LOAD_STEP void GateRule(const CompiledRule& cr, std::vector<uint8_t>& seen) {
    std::vector<std::vector<int>> clauses;
    ClausesOf(cr.match, clauses);
    std::fill(seen.begin(), seen.end(), 0);
    std::vector<int> reads;
    LeavesOf(cr.match, seen, reads);
    LeavesOf(cr.unless, seen, reads);
    for (const auto& [node, within] : cr.evidence) LeavesOf(node, seen, reads);
    gate_.AddRule(clauses, reads);
  }

  // Leaves are shared the same way: one per distinct term list (per fold), regex or detector.
  int LeafFor(const std::string& key, bool* created) {
    auto [it, inserted] = leaf_ids_.emplace(key, leaf_count_);
    *created = inserted;
    if (inserted) ++leaf_count_;
    return it->second;
  }

  // The leaf key of a phrase list: `kind` (terms and their fold, or a rule's allow list), then
  // each phrase. Equal lists of one kind share one leaf.
  static POSTCHECK_LOAD_STEP std::string ListKey(std::string kind,
                                                 const std::vector<std::string>& list) {
    for (const auto& t : list) (kind += '\x1f') += t;
    return kind;
  }

  // One rule of Compile(): skipped when another Trust's, switched off or not for this site.
  POSTCHECK_LOAD_STEP Status CompileRule(const RuleSpec& r,
                                         const std::map<std::string, std::string>& values,
                                         const std::set<std::string>& disabled) {
    const std::string& id = r.info.id;
    if (!r.info.trust.empty() && (!trust_ || r.info.trust != trust_->info.id)) return Status::Ok();
    if (disabled.count(id) || disabled.count(r.info.category + ".*")) return Status::Ok();
    if (!r.sites.empty() && !options_.site.empty() &&
        std::none_of(r.sites.begin(), r.sites.end(),
                     [&](const std::string& s) { return HostMatches(options_.site, s); }))
      return Status::Ok();
    CompiledRule cr;
    cr.spec = &r;
    Status s = CompileExpr(r.match, id, &cr.match);
    if (s.ok() && r.has_unless) s = CompileExpr(r.unless, id, &cr.unless);
    for (const auto& e : r.evidence) {
      if (!s.ok()) break;
      int node = -1;
      s = CompileExpr(e.match, id, &node);
      cr.evidence.emplace_back(node, e.within);
    }
    if (!s.ok()) return s;
    if (!r.allow.empty()) {
      bool created = false;
      cr.allow = LeafFor(ListKey("A", r.allow), &created);
      std::string error;
      size_t bad = 0;
      if (created && !plain_.Add(cr.allow, r.allow, &bad, &error)) {
        Location at = impl_.Locate(r.info.where.file,
                                   r.info.where.json_path + ".allow[" + std::to_string(bad) + "]");
        return Status::Error(StatusCode::kCompileError, error, at);
      }
    }
    std::string unknown;
    cr.message = RenderPlaceholders(r.info.message, values, &unknown);
    cr.advice = RenderPlaceholders(r.info.advice, values, &unknown);
    if (!unknown.empty() && !IsKnownPlaceholder(unknown)) {
      Location at = impl_.Locate(r.info.where.file, r.info.where.json_path + ".message");
      return Status::Error(StatusCode::kCompileError, "unknown placeholder {" + unknown + "}", at);
    }
    cr.severity = r.severity_by_confidence;
    if (auto it = options_.severity_overrides.find(id); it != options_.severity_overrides.end())
      cr.severity = {it->second, it->second, it->second};
    if (trust_) {
      std::string section;
      if (auto it = trust_->sections.find(id); it != trust_->sections.end())
        section = it->second;
      else if (auto it2 = trust_->sections.find(r.info.category); it2 != trust_->sections.end())
        section = it2->second;
      cr.policy_ref = trust_->info.policy_short;
      if (!section.empty()) {
        bool numbered = section[0] >= '0' && section[0] <= '9';
        cr.policy_ref += (numbered ? " \u00a7" : " ") + section;
      }
      auto url = values.find("policy.url");
      cr.policy_url = url != values.end() ? url->second : trust_->info.policy_url;
    }
    rules_.push_back(std::move(cr));
    return Status::Ok();
  }

  // An expression to its node. Each kind compiles in a step of its own, so this function, run
  // for every node of every rule, stays small (load_path.h says why).
  POSTCHECK_LOAD_STEP Status CompileExpr(const Expr& e, const std::string& rule, int* out) {
    Node n;
    n.kind = e.kind;
    n.within = e.within;
    n.gap = e.gap;
    Status s = Status::Ok();
    switch (e.kind) {
      case ExprKind::kTerms:
        s = CompileTerms(e, &n.leaf);
        break;
      case ExprKind::kRegex:
        s = CompileRegex(e, rule, &n.leaf);
        break;
      case ExprKind::kDetector:
        s = CompileDetector(e, &n.leaf);
        break;
      default:
        for (const Expr& c : e.children) {
          int child = -1;
          if (s = CompileExpr(c, rule, &child); !s.ok()) break;
          n.children.push_back(child);
        }
    }
    if (!s.ok()) return s;
    *out = Intern(std::move(n));
    return Status::Ok();
  }

  POSTCHECK_LOAD_STEP Status CompileTerms(const Expr& e, int* leaf) {
    bool created = false;
    *leaf = LeafFor(
        ListKey(std::string(e.fold == Fold::kObfuscated ? "T1" : "T0") + '\x1e' + e.terms_ref,
                e.terms),
        &created);
    if (!created) return Status::Ok();
    TermIndex& index = e.fold == Fold::kObfuscated ? folded_ : plain_;
    if (e.fold == Fold::kObfuscated) needs_folded_ = true;
    std::string error;
    size_t bad = 0;
    if (!index.Add(*leaf, e.terms, &bad, &error))
      return CompileError(e, ".terms[" + std::to_string(bad) + "]", error);
    if (e.terms_ref.empty()) return Status::Ok();
    const std::vector<std::string>* set = nullptr;
    if (trust_) {
      if (auto it = trust_->term_sets.find(e.terms_ref); it != trust_->term_sets.end())
        set = &it->second;
    }
    auto shared = impl_.spec().term_sets.find(e.terms_ref);
    if (!set && shared == impl_.spec().term_sets.end() && e.terms_ref.rfind("trust.", 0) != 0 &&
        trust_)
      return CompileError(
          e, ".terms_ref",
          "term set '" + e.terms_ref + "' is not defined for trust '" + trust_->info.id + "'");
    // The shared set, then the Trust's own, read where they are (no copy of either list).
    for (const std::vector<std::string>* terms :
         {shared != impl_.spec().term_sets.end() ? &shared->second : nullptr, set}) {
      if (terms && !index.Add(*leaf, *terms, &bad, &error))
        return CompileError(e, ".terms_ref", error);
    }
    return Status::Ok();
  }

  POSTCHECK_LOAD_STEP Status CompileRegex(const Expr& e, const std::string& rule, int* leaf) {
    bool created = false;
    *leaf = LeafFor(std::string(e.fold == Fold::kObfuscated ? "R1" : "R0") + '\x1e' + e.regex,
                    &created);
    if (!created) return Status::Ok();
    std::string error;
    auto m = impl_.Regex(e.regex, &error);
    if (!m) return CompileError(e, ".regex", error);
    if (e.fold == Fold::kObfuscated) needs_folded_ = true;
    RegexPrefilter filter = e.fold == Fold::kPlain ? impl_.Prefilter(e.regex) : RegexPrefilter();
    regexes_.push_back({*leaf, e.fold, rule, std::move(m), std::move(filter)});
    return Status::Ok();
  }

  POSTCHECK_LOAD_STEP Status CompileDetector(const Expr& e, int* leaf) {
    const DetectorDef* def = FindDetector(e.detector);
    if (!def) {
      std::string names;
      for (const auto& d : AllDetectors())
        names += (names.empty() ? "" : ", ") + std::string(d.name);
      return CompileError(e, ".detector", "unknown detector '" + e.detector + "'; known: " + names);
    }
    bool created = false;
    *leaf = LeafFor("D\x1e" + e.detector, &created);
    if (created) detectors_.push_back({*leaf, def});
    return Status::Ok();
  }

  static size_t IndexAt(const std::vector<Span>& units, uint32_t offset) {
    // The unit containing `offset`, or the nearest one after it (units.size() if none).
    auto it = std::upper_bound(units.begin(), units.end(), offset,
                               [](uint32_t off, const Span& s) { return off < s.end; });
    return static_cast<size_t>(it - units.begin());
  }
  const std::vector<Span>& Words(Context& ctx) const {
    if (!ctx.words) ctx.words = SegmentWords(ctx.text);
    return *ctx.words;
  }
  const std::vector<Span>& Sentences(Context& ctx) const {
    if (!ctx.sentences) ctx.sentences = SegmentSentences(ctx.text);
    return *ctx.sentences;
  }

  bool Within(const Span& a, const Span& b, const Distance& d, Context& ctx) const {
    if (d.unit == DistanceUnit::kPost) return true;
    if (a.start < b.end && b.start < a.end) return true;
    if (d.unit == DistanceUnit::kSentence) {
      const std::vector<Span>& sent = Sentences(ctx);
      size_t a0 = IndexAt(sent, a.start), a1 = IndexAt(sent, a.end - 1);
      size_t b0 = IndexAt(sent, b.start), b1 = IndexAt(sent, b.end - 1);
      return a0 <= b1 && b0 <= a1;
    }
    const std::vector<Span>& words = Words(ctx);
    const Span& first = a.start <= b.start ? a : b;
    const Span& second = a.start <= b.start ? b : a;
    size_t w_end = IndexAt(words, first.end - 1);
    size_t w_start = IndexAt(words, second.start);
    size_t between = w_start > w_end ? w_start - w_end - 1 : 0;
    return between <= static_cast<size_t>(d.words);
  }

  // Only the operand spans near `a` are looked at: `bs` is sorted by start, so the candidates
  // lie in an offset window around a's words (or sentences), widened by the longest span so one
  // that starts earlier but reaches into the window is not missed. Linear overall, not |A|x|B|.
  bool AnyWithin(const Span& a, const Eval& b_eval, const Distance& d, Context& ctx) const {
    const std::vector<Span>& bs = *b_eval.spans;
    if (bs.empty()) return false;
    if (d.unit == DistanceUnit::kPost) return true;
    const uint32_t longest = b_eval.longest;
    uint32_t lo = 0, hi = UINT32_MAX;
    const bool by_sentence = d.unit == DistanceUnit::kSentence;
    const std::vector<Span>& units = by_sentence ? Sentences(ctx) : Words(ctx);
    if (!units.empty()) {
      size_t first = IndexAt(units, a.start);
      size_t last = IndexAt(units, a.end - 1);
      size_t reach = by_sentence ? 0 : static_cast<size_t>(d.words) + 1;
      size_t w_lo = first > reach ? first - reach : 0;
      size_t w_hi = std::min(units.size() - 1, last + reach);
      // At either end of the text the window stays open: emoji or punctuation before the first
      // word or after the last one count as next to it.
      lo = w_lo == 0 ? 0 : units[std::min(w_lo, units.size() - 1)].start;
      hi = w_hi + 1 >= units.size() ? UINT32_MAX : units[w_hi].end;
    }
    lo = std::min(lo, a.start);
    hi = std::max(hi, a.end);
    uint32_t from = lo > longest ? lo - longest : 0;
    auto it = std::lower_bound(bs.begin(), bs.end(), from, [](const Span& s, uint32_t v) { return s.start < v; });
    for (; it != bs.end() && it->start <= hi; ++it)
      if (Within(a, *it, d, ctx)) return true;
    return false;
  }

  const Eval& Evaluate(int id, Context& ctx) const {
    if (const uint64_t s = ctx.slot.at[id]; s >> 32 == ctx.slot.generation) return ctx.values[static_cast<uint32_t>(s)];
    const Node& n = nodes_[id];
    Eval out;
    const std::vector<Span>* borrowed = nullptr;
    switch (n.kind) {
      case ExprKind::kTerms:
      case ExprKind::kRegex:
      case ExprKind::kDetector:
        borrowed = &ctx.hits[n.leaf];
        out.matched = !borrowed->empty();
        break;
      case ExprKind::kAny:
        for (int c : n.children) {
          const Eval& e = Evaluate(c, ctx);
          out.matched = out.matched || e.matched;
          out.own.insert(out.own.end(), e.spans->begin(), e.spans->end());
        }
        Tidy(out.own);
        break;
      case ExprKind::kAll: {
        out.matched = true;
        for (int c : n.children) out.matched = out.matched && Evaluate(c, ctx).matched;
        if (out.matched) borrowed = Evaluate(n.children[0], ctx).spans;
        break;
      }
      case ExprKind::kNot:
        out.matched = !Evaluate(n.children[0], ctx).matched;
        break;
      case ExprKind::kNear: {
        const Eval& first = Evaluate(n.children[0], ctx);
        for (const Span& a : *first.spans) {
          bool ok = true;
          for (size_t k = 1; k < n.children.size() && ok; ++k)
            ok = AnyWithin(a, Evaluate(n.children[k], ctx), n.within, ctx);
          if (ok) out.own.push_back(a);
        }
        out.matched = !out.own.empty();
        break;
      }
      case ExprKind::kPhrase:
        out.own = Phrase(n, ctx);
        out.matched = !out.own.empty();
        break;
    }
    ctx.values.push_back(std::move(out));
    ctx.slot.at[id] = uint64_t{ctx.slot.generation} << 32 | (ctx.values.size() - 1);
    Eval& stored = ctx.values.back();
    stored.spans = borrowed ? borrowed : &stored.own;
    for (const Span& s : *stored.spans) stored.longest = std::max(stored.longest, s.end - s.start);
    return stored;
  }

  // Words strictly between the end of `a` and the start of `b` (b after a).
  size_t WordsBetween(const Span& a, const Span& b, Context& ctx) const {
    const std::vector<Span>& words = Words(ctx);
    size_t wa = IndexAt(words, a.end - 1), wb = IndexAt(words, b.start);
    return wb > wa ? wb - wa - 1 : 0;
  }

  // An ordered sequence: each part starts after the previous one ends, with at most `gap` words
  // between; a "not" part means the next words (within the gap) must not match it. The span
  // covers the whole sequence.
  std::vector<Span> Phrase(const Node& n, Context& ctx) const {
    std::vector<Span> current = *Evaluate(n.children[0], ctx).spans;
    for (size_t k = 1; k < n.children.size() && !current.empty(); ++k) {
      const Node& part = nodes_[n.children[k]];
      bool negated = part.kind == ExprKind::kNot;
      const std::vector<Span>& next =
          *Evaluate(negated ? part.children[0] : n.children[k], ctx).spans;  // sorted by start
      std::vector<Span> joined;
      for (const Span& c : current) {
        bool found = false;
        auto it = std::lower_bound(next.begin(), next.end(), c.end,
                                   [](const Span& s, uint32_t v) { return s.start < v; });
        for (; it != next.end(); ++it) {
          if (WordsBetween(c, *it, ctx) > static_cast<size_t>(n.gap)) break;
          found = true;
          if (negated) break;
          joined.push_back(Span{c.start, it->end});
        }
        if (negated && !found) joined.push_back(c);
      }
      Tidy(joined);
      current.swap(joined);
    }
    return current;
  }

  std::shared_ptr<const Ruleset> ruleset_;
  const RulesetImpl& impl_;
  CheckerOptions options_;
  const TrustSpec* trust_ = nullptr;
  TermIndex plain_, folded_;
  bool needs_folded_ = false;
  int leaf_count_ = 0;
  std::vector<Node> nodes_;
  std::map<std::string, int> node_ids_;  // structural key -> node, while compiling
  std::map<std::string, int> leaf_ids_;  // term list / regex / detector key -> leaf, while compiling
  std::vector<RegexLeaf> regexes_;
  // The order a check fills leaves in, for the gate.
  static constexpr uint8_t kTermStage = 0, kDetectorStage = 1, kPatternStage = 2;
  LeafGate gate_;
  PrefilterPass prefilter_pass_;  // over regexes_' filters
  SketchNeeds sketch_needs_;      // what their MayMatch asks
  std::vector<std::vector<uint32_t>> rules_by_leaf_;  // leaf -> rules_ whose match it can trigger
  std::vector<uint32_t> always_rules_;               // rules_ whose match no single leaf decides
  std::vector<uint32_t> rule_rank_;                  // rules_ -> place of its id in id order (equal ids, equal places)
  std::vector<DetectorLeaf> detectors_;
  std::vector<CompiledRule> rules_;
};

}  // namespace

POSTCHECK_LOAD_PATH Result<std::unique_ptr<Checker>> MakeChecker(std::shared_ptr<const Ruleset> ruleset,
                                             const CheckerOptions& options) {
  if (!ruleset) return Status::Error(StatusCode::kInvalidArgument, "no ruleset");
  if (!EnsureIcu()) return Status::Error(StatusCode::kInternal, "ICU could not be initialised");
  // A Trust profile's own choices ride in the options the checker already applies (group policy on top).
  CheckerOptions merged = WithTrustChoices(*ruleset, options);
  auto checker = std::make_unique<CheckerImpl>(std::move(ruleset), std::move(merged));
  if (auto s = checker->Compile(); !s.ok()) return s;
  return std::unique_ptr<Checker>(std::move(checker));
}

}  // namespace postcheck
