// PrefilterPass: per-character masks of the patterns that can use a place, walked once per check;
// each candidate is then asked its own RegexPrefilter test.
#include "match/prefilter_pass.h"

#include <bit>

namespace postcheck {
PrefilterPass::PrefilterPass(std::vector<const RegexPrefilter*> filters)
    : filters_(std::move(filters)) {
  words_ = (filters_.size() + 63) / 64;
  masks_.assign(129 * words_, 0);
  windowed_.assign(words_, 0);
  inside_word_.assign(128 * words_, 0);
  for (size_t k = 0; k < filters_.size(); ++k) {
    const RegexPrefilter& f = *filters_[k];
    const uint64_t bit = uint64_t{1} << (k % 64);
    const size_t w = k / 64;
    if (f.windowed()) {
      windowed_[w] |= bit;
      for (size_t c = 0; c < 128; ++c) {
        if (f.window_kind()[c]) masks_[c * words_ + w] |= bit;
        inside_word_[c * words_ + w] |= bit;
      }
      masks_[128 * words_ + w] |= bit;
    } else if (f.anchored()) {
      for (size_t c = 0; c < 128; ++c) {
        if (f.lead_firsts()[c]) masks_[c * words_ + w] |= bit;
        for (const RegexPrefilter::BranchStart& b : f.branch_starts())
          if (!b.word_start && b.first.Has(static_cast<char16_t>(c)))
            inside_word_[c * words_ + w] |= bit;
      }
      if (f.lead_other()) masks_[128 * words_ + w] |= bit;
    }
  }
}

void PrefilterPass::Run(std::u16string_view text, const std::vector<uint8_t>& active, size_t most,
                        std::vector<Places>& out) const {
  out.resize(filters_.size());
  std::vector<uint64_t> live(words_, 0);  // active patterns that window or anchor, still going
  for (size_t k = 0; k < filters_.size(); ++k) {
    Places& p = out[k];
    p.windows.clear();
    p.starts.clear();
    p.kind = Places::Kind::kWholeText;
    if (!active[k]) continue;
    const RegexPrefilter& f = *filters_[k];
    if (!f.windowed() && !f.anchored()) continue;
    p.kind = f.windowed() ? Places::Kind::kWindows : Places::Kind::kStarts;
    live[k / 64] |= uint64_t{1} << (k % 64);
  }
  const size_t n = text.size();
  for (size_t w = 0; w < words_; ++w) {
    if (!live[w]) continue;
    for (size_t i = 0; i < n; ++i) {
      const char16_t c = text[i];
      uint64_t bits = masks_[(c < 128 ? c : 128) * words_ + w] & live[w];
      if (bits && c < 128 && RegexPrefilter::InsideWord(text, i))
        bits &= inside_word_[c * words_ + w];
      while (bits) {
        const int b = std::countr_zero(bits);
        bits &= bits - 1;
        const size_t k = w * 64 + static_cast<size_t>(b);
        const RegexPrefilter& f = *filters_[k];
        Places& p = out[k];
        if (windowed_[w] >> b & 1) {
          if (f.WindowAt(text, i)) f.AddWindow(i, n, p.windows);
        } else if (f.StartAt(text, i)) {
          if (p.starts.size() == most) {  // too many places: a whole scan costs less
            p.starts.clear();
            p.kind = Places::Kind::kWholeText;
            live[w] &= ~(uint64_t{1} << b);
            continue;
          }
          p.starts.push_back(static_cast<uint32_t>(i));
        }
      }
    }
  }
}

}  // namespace postcheck
