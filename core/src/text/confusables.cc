// Confusables: ICU's confusables table (confusables.cfu, format 2) opened with udata and searched.
#include "text/confusables.h"

#include <unicode/normalizer2.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <cstdint>
#include <cstring>

namespace postcheck {
namespace {

// The layout ICU's spoof data builder writes (uspoof_impl.h, SpoofDataHeader): offsets in bytes
// from the header, sizes in entries.
struct CfuHeader {
  int32_t magic;  // 0x3845fdef
  uint8_t format[4];
  int32_t length;
  // int32 each: the code point in the low 24 bits, the prototype's length - 1 above.
  int32_t keys;
  int32_t key_count;
  // uint16 each: the prototype itself when it is one unit long, else where it starts in strings.
  int32_t values;
  int32_t value_count;
  int32_t strings;  // UTF-16 units
  int32_t string_units;
};
constexpr int32_t kCfuMagic = 0x3845fdef;
constexpr uint8_t kCfuFormat = 2;  // ICU 58 and later

UBool Acceptable(void*, const char*, const char*, const UDataInfo* info) {
  return info->size >= 20 && info->isBigEndian == U_IS_BIG_ENDIAN &&
         info->charsetFamily == U_CHARSET_FAMILY && std::memcmp(info->dataFormat, "Cfu ", 4) == 0 &&
         info->formatVersion[0] == kCfuFormat;
}

// A key's code point, and its prototype's length in UTF-16 units.
UChar32 KeyCodePoint(int32_t key) { return key & 0xFFFFFF; }
int32_t KeyLength(int32_t key) { return ((key >> 24) & 0xFF) + 1; }

struct Table {
  UDataMemory* data = nullptr;  // held for good: the table below points into it
  const int32_t* keys = nullptr;
  const uint16_t* values = nullptr;
  const char16_t* strings = nullptr;
  int32_t count = 0;
  const icu::Normalizer2* nfd = nullptr;
  bool ok = false;
};

// Every section must lie inside the data and every prototype inside the string table: a table
// that does not is refused whole, not read past its end.
Table Open() {
  Table t;
  UErrorCode status = U_ZERO_ERROR;
  t.nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return t;
  t.data = udata_openChoice(nullptr, "cfu", "confusables", Acceptable, nullptr, &status);
  if (U_FAILURE(status)) {
    t.data = nullptr;
    return t;
  }
  const auto* base = static_cast<const char*>(udata_getMemory(t.data));
  CfuHeader h;
  std::memcpy(&h, base, sizeof h);
  const auto fits = [&](int32_t at, int32_t count, int32_t width) {
    return at >= static_cast<int32_t>(sizeof h) && count >= 0 && at <= h.length &&
           static_cast<int64_t>(count) * width <= h.length - at && at % width == 0;
  };
  if (h.magic != kCfuMagic || h.format[0] != kCfuFormat || h.key_count != h.value_count ||
      !fits(h.keys, h.key_count, 4) || !fits(h.values, h.value_count, 2) ||
      !fits(h.strings, h.string_units, 2) || h.key_count == 0)
    return t;
  t.keys = reinterpret_cast<const int32_t*>(base + h.keys);
  t.values = reinterpret_cast<const uint16_t*>(base + h.values);
  t.strings = reinterpret_cast<const char16_t*>(base + h.strings);
  t.count = h.key_count;
  for (int32_t i = 0; i < t.count; ++i) {
    const int32_t length = KeyLength(t.keys[i]);
    if (length > 1 && t.values[i] + length > h.string_units) return t;
  }
  t.ok = true;
  return t;
}

const Table& Confusables() {
  static const Table table = Open();
  return table;
}

// Appends c's prototype, or c when it has none (the table's keys are sorted).
void AppendPrototype(const Table& t, UChar32 c, icu::UnicodeString& out) {
  int32_t lo = 0, hi = t.count;
  while (lo < hi) {
    const int32_t mid = lo + (hi - lo) / 2;
    if (KeyCodePoint(t.keys[mid]) < c) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo == t.count || KeyCodePoint(t.keys[lo]) != c) {
    out.append(c);
    return;
  }
  const int32_t length = KeyLength(t.keys[lo]);
  if (length == 1) {
    out.append(static_cast<char16_t>(t.values[lo]));
  } else {
    out.append(t.strings + t.values[lo], length);
  }
}

}  // namespace

bool ConfusableSkeleton(UChar32 c, std::u16string* out) {
  const icu::UnicodeString self(c);
  const auto write = [&](const icu::UnicodeString& s) {
    out->assign(s.getBuffer(), static_cast<size_t>(s.length()));
  };
  const Table& t = Confusables();
  if (!t.ok) {
    write(self);
    return false;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString nfd = t.nfd->normalize(self, status);
  icu::UnicodeString prototypes;
  for (int32_t i = 0; i < nfd.length();) {
    const UChar32 d = nfd.char32At(i);
    i += U16_LENGTH(d);
    AppendPrototype(t, d, prototypes);
  }
  const icu::UnicodeString skeleton = t.nfd->normalize(prototypes, status);
  write(U_SUCCESS(status) ? skeleton : self);
  return U_SUCCESS(status);
}

}  // namespace postcheck
