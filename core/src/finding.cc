// Names of severities and confidences as they appear in rules, JSON output and the extension.
#include "postcheck/finding.h"

namespace postcheck {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarn: return "warn";
    case Severity::kBlock: return "block";
  }
  return "warn";
}

const char* ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kLow: return "low";
    case Confidence::kMedium: return "medium";
    case Confidence::kHigh: return "high";
  }
  return "medium";
}

bool ParseSeverity(const std::string& s, Severity* out) {
  if (s == "info") *out = Severity::kInfo;
  else if (s == "warn") *out = Severity::kWarn;
  else if (s == "block") *out = Severity::kBlock;
  else return false;
  return true;
}

bool ParseConfidence(const std::string& s, Confidence* out) {
  if (s == "low") *out = Confidence::kLow;
  else if (s == "medium") *out = Confidence::kMedium;
  else if (s == "high") *out = Confidence::kHigh;
  else return false;
  return true;
}

}  // namespace postcheck
