// Detectors: the built-in detector functions, one per file, gathered by detector_registry.cc.
#pragma once

#include "detect/detector.h"

namespace postcheck {

void DetectAge(const DetectInput& in, std::vector<Span>& out);
void DetectDate(const DetectInput& in, std::vector<Span>& out);
void DetectEmail(const DetectInput& in, std::vector<Span>& out);
void DetectHospitalNumber(const DetectInput& in, std::vector<Span>& out);
void DetectInitials(const DetectInput& in, std::vector<Span>& out);
void DetectNhsNumber(const DetectInput& in, std::vector<Span>& out);
void DetectPublicHelpline(const DetectInput& in, std::vector<Span>& out);
void DetectTime(const DetectInput& in, std::vector<Span>& out);
void DetectUkPhone(const DetectInput& in, std::vector<Span>& out);
void DetectUkPostcode(const DetectInput& in, std::vector<Span>& out);
void DetectUrl(const DetectInput& in, std::vector<Span>& out);
void DetectWardBed(const DetectInput& in, std::vector<Span>& out);

}  // namespace postcheck
