// PhoneScan: parses a UK phone number at a position, shared by uk_phone and public_helpline.
#pragma once

#include <string_view>

namespace postcheck {

struct PhoneNumber {
  size_t start = 0, end = 0;  // base-view units
  char national[12] = {};     // digits with the leading 0 ("07700900123"), NUL-terminated
  size_t length = 0;
};

// Parses "07700 900123", "(01494) 734959", "+44 (0)20 7946 0958", "0800-123-4567" at base index
// i. Fails when the digits are part of a longer number or not a plausible UK length.
bool ParseUkPhoneAt(std::u16string_view t, size_t i, PhoneNumber* out);

}  // namespace postcheck
