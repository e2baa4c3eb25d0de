// Help texts: written for a communications officer running the command for the first time, so each one starts with what the command is for and ends with examples to copy.
#include "help.h"

#include <map>

#include "rules_eval.h"

#ifndef POSTCHECK_VERSION
#define POSTCHECK_VERSION "0.1.0"
#endif

namespace postcheck::cli {
namespace {

const char* kMain = R"(postcheck: check social media posts against your Trust's policy, and look after the rules.

usage:
  postcheck check [--trust ID] [--min-confidence low|medium|high] [--draft FILE]... [FILE|-]
  postcheck rules lint [--trust ID] [DRAFT FILES...]     are the rule files written correctly?
  postcheck rules test [--trust ID] [DRAFT FILES...]     does every rule pass its own examples?
  postcheck rules eval FILE.jsonl [--trust ID]           how the rules do on labelled real posts
  postcheck explain RULE [--trust ID]                    what a rule looks for and says
  postcheck help [COMMAND]                               help on one command (or COMMAND --help)
  postcheck --version

examples:
  echo "Lovely lady in bed 4 today" | postcheck check --trust bht
  postcheck rules lint && postcheck rules test
  postcheck rules test my-drafts/commercial_gain.json     try a draft file against the shipped rules
  postcheck explain commercial_gain.sales_pitch --trust ndht

Common options:
  --trust ID       the Trust profile (bht, ndht, ...; rules/trusts/<id>.json). Only that Trust's
                   profile is read, so another Trust's unfinished edit cannot get in the way.
  --rules DIR|BUNDLE  the rules to use (default: the rules/ folder next to this program)
  --draft FILE     use a draft rule file instead of the shipped file it stands for (same file
                   name, same Trust, or same rule ids); may be given more than once

Exit status: 0 fine, 1 a block-level finding (check) or a failed example (rules test),
2 a usage or ruleset error. Shipping a new version: docs/rules-guide.md, "Ship a new version".
)";

const char* kCheck = R"(postcheck check: show what PostCheck would flag in a post, as staff would see it.

usage:
  postcheck check [--trust ID] [--min-confidence low|medium|high] [--site HOST]
                  [--format text|json|jsonl] [--rules DIR|BUNDLE] [--draft FILE]... [FILE|-]

Reads one post from FILE, or from standard input (type or paste it, then press Ctrl-D on a new
line; on Windows Ctrl-Z then Enter).

  --trust ID            the Trust profile whose policy, contacts and choices apply (default: the first)
  --min-confidence L    the lowest confidence shown. Default: medium, the extension's default
                        sensitivity, so you see what staff see. "low" shows every finding, as staff
                        see them only if they choose "More warnings"; "high" shows the fewest.
  --site HOST           the site the post is for (some rules apply on some sites only), e.g. x.com
  --format F            text (default, for people), json (one post), jsonl (one {"id","text"} per
                        line in, one {"id","findings"} per line out, for programs)
  --draft FILE          try a draft rule file in place of the shipped one (see postcheck --help)

examples:
  echo "Lovely lady in bed 4 today, 94 and sharp as a tack" | postcheck check --trust bht
  postcheck check --trust ndht post.txt
  postcheck check --trust bht --min-confidence low post.txt        every finding, even unsure ones
  postcheck check --trust bht --draft my-drafts/bht.json post.txt   with your draft Trust profile

Each finding shows its card title, where it is ("line 1, characters 16-20"), the words, the
message and advice staff see, the policy section and the rule id (for postcheck explain).
)";

const char* kRules = R"(postcheck rules: look after the rule files.

usage:
  postcheck rules lint [--trust ID] [--rules DIR|BUNDLE] [DRAFT FILES...]
  postcheck rules test [--trust ID] [--rules DIR|BUNDLE] [DRAFT FILES...]
  postcheck rules eval FILE.jsonl [--trust ID] ...        (postcheck rules eval --help)

  lint   checks every rule file is written correctly: JSON syntax, known keys, categories,
         severities, term sets and rule ids. Errors name the file, line and place, with a "did
         you mean" for misspelt names. Warns about rules with fewer than 3 flag or pass examples.
  test   runs every rule's flag and pass examples, and each Trust profile's own examples, for
         every Trust (or only --trust ID).
  eval   scores the rules on labelled real posts at the sensitivity staff see.

Draft files given after the command stand in for the shipped file with the same name (or that
defines the same Trust or rules), so you can check a draft without touching the shipped rules.

examples:
  postcheck rules lint
  postcheck rules test --trust bht
  postcheck rules test my-drafts/bht.json
To ship a new version (rebuild, check, sign, verify): node scripts/ship-ruleset.mjs --help
)";

const char* kLint = R"(postcheck rules lint: are the rule files written correctly?

usage:
  postcheck rules lint [--trust ID] [--rules DIR|BUNDLE] [DRAFT FILES...]

Reads the rules (and any draft files in place of the shipped ones) and reports the first
mistake as  file:line:column: $.json.path: message, with the line and a ^ under the place.
JSON syntax mistakes are reported for every file at once. A clean run ends with a line such as
  NHS social media core 1.3.0: 56 rules, 2 trusts, 0 warnings

examples:
  postcheck rules lint
  postcheck rules lint --trust ndht                 only the core and NDHT's profile
  postcheck rules lint my-drafts/commercial_gain.json
)";

const char* kTest = R"(postcheck rules test: does every rule pass its own examples?

usage:
  postcheck rules test [--trust ID] [--rules DIR|BUNDLE] [DRAFT FILES...]

Every "flag" example must be underlined exactly at its [[ ]] marks, and every "pass" example not
at all, for every Trust profile (or only --trust ID). A Trust profile's own examples also check
the severity its staff see. Exit status 1 when an example fails.

examples:
  postcheck rules test
  postcheck rules test --trust bht my-drafts/bht.json
)";

const char* kExplain = R"(postcheck explain: what a rule looks for, what it says, and its examples.

usage:
  postcheck explain RULE [--trust ID] [--rules DIR|BUNDLE] [--draft FILE]...

Shows the rule's title, category, severity, where it is defined, the message and advice as the
chosen Trust's staff see them, the Trust's own choices for it, and its examples.

examples:
  postcheck explain commercial_gain.sales_pitch --trust bht
  postcheck explain offensive_content.strong_swearing --trust ndht
Rule ids are listed in rules/CATALOG.md.
)";

const char* kHelp = R"(postcheck help: help on a command.

usage:
  postcheck help [check|rules|rules lint|rules test|rules eval|explain]
  postcheck COMMAND --help      (the same)
)";

}  // namespace

const char* HelpFor(const std::string& topic) {
  static const std::map<std::string, const char*> kTopics = {
      {"", kMain},          {"check", kCheck}, {"rules", kRules},     {"rules lint", kLint},
      {"rules test", kTest}, {"rules eval", kRulesEvalUsage}, {"explain", kExplain},
      {"help", kHelp}};
  auto it = kTopics.find(topic);
  return it == kTopics.end() ? nullptr : it->second;
}

const std::vector<std::string>& CommandNames() {
  static const std::vector<std::string> kNames = {"check", "rules", "explain", "help", "version"};
  return kNames;
}

const std::vector<std::string>& RulesSubcommandNames() {
  static const std::vector<std::string> kNames = {"lint", "test", "eval"};
  return kNames;
}

const char* ProgramVersion() { return POSTCHECK_VERSION; }

}  // namespace postcheck::cli
