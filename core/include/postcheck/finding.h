// Finding: one policy match in a draft, with UTF-16 [start, end) offsets into the text exactly as typed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace postcheck {

enum class Severity { kInfo = 0, kWarn = 1, kBlock = 2 };
enum class Confidence { kLow = 0, kMedium = 1, kHigh = 2 };

const char* SeverityName(Severity s);      // "info" | "warn" | "block"
const char* ConfidenceName(Confidence c);  // "low" | "medium" | "high"
bool ParseSeverity(const std::string& s, Severity* out);
bool ParseConfidence(const std::string& s, Confidence* out);

struct Finding {
  std::string rule;      // rule id, e.g. "personal_identifiers.nhs_number"
  std::string category;  // one of the twelve policy categories
  Severity severity = Severity::kWarn;
  Confidence confidence = Confidence::kMedium;
  uint32_t start = 0;  // UTF-16 code units into the original text
  uint32_t end = 0;    // exclusive
  std::string title;       // short name of the problem
  std::string message;     // what was found and why it matters, trust placeholders filled in
  std::string advice;      // what to do instead
  std::string policy_ref;  // e.g. "BHT Pol 193 §6.11"
  std::string policy_url;  // may be empty
};

// Outcome of one check. A check never fails as a whole: problems (e.g. a regex timing out)
// are reported in `notes` and the findings that could be computed are still returned.
struct CheckResult {
  std::vector<Finding> findings;  // sorted by start, longest first, then rule id; one rule never overlaps itself
  std::vector<std::string> notes; // e.g. "rule x.y: pattern hit its time limit"
  bool truncated = false;         // input or findings exceeded a budget; results are partial
};

}  // namespace postcheck
