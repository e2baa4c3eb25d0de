// IcuEnv: one-time, lazy ICU set-up shared by every module (normalizer, spoof checker, break iterators).
#pragma once

namespace postcheck {

// Returns false if ICU could not be initialised (missing data); callers then fail open.
bool EnsureIcu();

}  // namespace postcheck
