// The table of built-in detectors, by name, as rules refer to them.
#include <algorithm>
#include <cstring>

#include "detect/detectors.h"

namespace postcheck {

const std::vector<DetectorDef>& AllDetectors() {
  static const std::vector<DetectorDef> all = [] {
    std::vector<DetectorDef> v = {
        {"age", "ages of a person: \"94 y/o\", \"94yo\", \"aged 94\", \"94 years old\", \"94-year-old\"", DetectAge},
        {"date", "dates: 12/03/1954, 12.3.54, 12 March 1954, March 12th 1954, 1954-03-12", DetectDate},
        {"email", "email addresses", DetectEmail},
        {"hospital_number", "hospital/MRN-style numbers: \"MRN 1234567\", \"hosp no. A123456\", \"RXQ1234567\"",
         DetectHospitalNumber},
        {"initials", "a capitalised initial pair (J.B.) or \"Mr/Mrs/Ms/Miss/Mx/Dr + Surname\" (original casing)",
         DetectInitials},
        {"nhs_number", "10-digit NHS numbers with a valid modulus-11 check digit, grouped or spelled out",
         DetectNhsNumber},
        {"public_helpline", "public helplines: 111, 999, 112, 116 123, 116 111, 0300/0800/0808 numbers",
         DetectPublicHelpline},
        {"time", "clock times: 14:30, 2.30pm, 3am, 0300 hrs", DetectTime},
        {"uk_phone", "UK phone numbers (07..., 01/02/03..., +44 ...), except public helplines", DetectUkPhone},
        {"uk_postcode", "full UK postcodes (SW1A 1AA), case and spacing tolerant", DetectUkPostcode},
        {"url", "http(s) URLs, www. links and bare domains with a known top-level domain", DetectUrl},
        {"ward_bed", "ward and bed locations: \"bed 4\", \"bay 3\", \"ward 10\", \"side room 2\", \"cubicle 5\"",
         DetectWardBed},
    };
    std::sort(v.begin(), v.end(), [](const DetectorDef& a, const DetectorDef& b) { return std::strcmp(a.name, b.name) < 0; });
    return v;
  }();
  return all;
}

const DetectorDef* FindDetector(std::string_view name) {
  for (const DetectorDef& d : AllDetectors()) {
    if (name == d.name) return &d;
  }
  return nullptr;
}

}  // namespace postcheck
