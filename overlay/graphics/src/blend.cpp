#include "sporazum/overlay/blend.hpp"

#include <emmintrin.h>

#include <algorithm>
#include <cstring>

namespace sporazum::overlay {
namespace {

// Every sample, at full opacity: out = value + round(frame × (255 − alpha) / 255). value ≤ alpha,
// so the sum never exceeds 255. Fading by opacity o (alpha' = round(alpha × o / 255)):
// out = round((frame × (255 − alpha') + value × o) / 255), one rounding; the sum stays below
// 65,153, so it fits the 16-bit lanes. The SIMD and scalar paths compute exactly the same integers.

/// round(v / 255) for v in [0, 65407]: (v + 128) × 257 >> 16 is exact there.
inline int div255(int v) {
  return ((v + 128) * 257) >> 16;
}

inline __m128i div255(__m128i v) {
  return _mm_mulhi_epu16(_mm_add_epi16(v, _mm_set1_epi16(128)), _mm_set1_epi16(257));
}

inline __m128i load(const std::uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
inline void store(std::uint8_t* p, __m128i v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}

inline std::uint8_t overScalar(int frame, int value, int alpha) {
  return static_cast<std::uint8_t>(std::min(255, value + div255(frame * (255 - alpha))));
}

inline std::uint8_t overFadeScalar(int frame, int value, int fadedInverse, int opacity) {
  return static_cast<std::uint8_t>(std::min(255, div255(frame * fadedInverse + value * opacity)));
}

/// Full opacity, 16 samples.
inline __m128i over(__m128i frame, __m128i value, __m128i alpha) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i inverse = _mm_xor_si128(alpha, _mm_set1_epi8(-1));  // 255 − alpha
  const __m128i lo =
      div255(_mm_mullo_epi16(_mm_unpacklo_epi8(frame, zero), _mm_unpacklo_epi8(inverse, zero)));
  const __m128i hi =
      div255(_mm_mullo_epi16(_mm_unpackhi_epi8(frame, zero), _mm_unpackhi_epi8(inverse, zero)));
  return _mm_adds_epu8(_mm_packus_epi16(lo, hi), value);
}

/// 255 − round(alpha × opacity / 255), low and high halves.
inline void fadedInverse(__m128i alpha, __m128i opacity16, __m128i& lo, __m128i& hi) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i k255 = _mm_set1_epi16(255);
  lo = _mm_sub_epi16(k255, div255(_mm_mullo_epi16(_mm_unpacklo_epi8(alpha, zero), opacity16)));
  hi = _mm_sub_epi16(k255, div255(_mm_mullo_epi16(_mm_unpackhi_epi8(alpha, zero), opacity16)));
}

/// Fading, 16 samples; the 16-bit sums cannot wrap (see above).
inline __m128i overFade(__m128i frame, __m128i value, __m128i inverseLo, __m128i inverseHi,
                        __m128i opacity16) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i lo =
      div255(_mm_add_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(frame, zero), inverseLo),
                           _mm_mullo_epi16(_mm_unpacklo_epi8(value, zero), opacity16)));
  const __m128i hi =
      div255(_mm_add_epi16(_mm_mullo_epi16(_mm_unpackhi_epi8(frame, zero), inverseHi),
                           _mm_mullo_epi16(_mm_unpackhi_epi8(value, zero), opacity16)));
  return _mm_packus_epi16(lo, hi);
}

/// One plane: `count` samples of dst over value/alpha.
template <bool kFade>
void blendRun(std::uint8_t* dst, const std::uint8_t* value, const std::uint8_t* alpha, int count,
              int opacity) {
  int i = 0;
  if constexpr (kFade) {
    const __m128i opacity16 = _mm_set1_epi16(static_cast<short>(opacity));
    for (; i + 16 <= count; i += 16) {
      __m128i inverseLo, inverseHi;
      fadedInverse(load(alpha + i), opacity16, inverseLo, inverseHi);
      store(dst + i, overFade(load(dst + i), load(value + i), inverseLo, inverseHi, opacity16));
    }
    for (; i < count; ++i) {
      dst[i] = overFadeScalar(dst[i], value[i], 255 - div255(alpha[i] * opacity), opacity);
    }
  } else {
    for (; i + 16 <= count; i += 16) {
      store(dst + i, over(load(dst + i), load(value + i), load(alpha + i)));
    }
    for (; i < count; ++i)
      dst[i] = overScalar(dst[i], value[i], alpha[i]);
  }
}

/// Cb and Cr together: they share the alpha, so it is loaded and inverted once.
template <bool kFade>
void blendRun2(std::uint8_t* dstCb, std::uint8_t* dstCr, const std::uint8_t* cb,
               const std::uint8_t* cr, const std::uint8_t* alpha, int count, int opacity) {
  int i = 0;
  if constexpr (kFade) {
    const __m128i opacity16 = _mm_set1_epi16(static_cast<short>(opacity));
    for (; i + 16 <= count; i += 16) {
      __m128i inverseLo, inverseHi;
      fadedInverse(load(alpha + i), opacity16, inverseLo, inverseHi);
      store(dstCb + i, overFade(load(dstCb + i), load(cb + i), inverseLo, inverseHi, opacity16));
      store(dstCr + i, overFade(load(dstCr + i), load(cr + i), inverseLo, inverseHi, opacity16));
    }
    for (; i < count; ++i) {
      const int inverse = 255 - div255(alpha[i] * opacity);
      dstCb[i] = overFadeScalar(dstCb[i], cb[i], inverse, opacity);
      dstCr[i] = overFadeScalar(dstCr[i], cr[i], inverse, opacity);
    }
  } else {
    for (; i + 16 <= count; i += 16) {
      const __m128i a = load(alpha + i);
      store(dstCb + i, over(load(dstCb + i), load(cb + i), a));
      store(dstCr + i, over(load(dstCr + i), load(cr + i), a));
    }
    for (; i < count; ++i) {
      dstCb[i] = overScalar(dstCb[i], cb[i], alpha[i]);
      dstCr[i] = overScalar(dstCr[i], cr[i], alpha[i]);
    }
  }
}

/// A key signal, luma only: out = round((frame × (255 − a) + 235 × a) / 255) with a the alpha
/// (scaled by opacity when fading); both products fit the 16-bit lanes.
template <bool kFade>
void keyRun(std::uint8_t* dst, const std::uint8_t* alpha, int count, int opacity) {
  constexpr int kWhite = 235;
  int i = 0;
  const __m128i zero = _mm_setzero_si128();
  const __m128i k255 = _mm_set1_epi16(255);
  const __m128i white = _mm_set1_epi16(kWhite);
  const __m128i opacity16 = _mm_set1_epi16(static_cast<short>(opacity));
  auto half = [&](__m128i frame16, __m128i alpha16) {
    if constexpr (kFade) alpha16 = div255(_mm_mullo_epi16(alpha16, opacity16));
    return div255(_mm_add_epi16(_mm_mullo_epi16(frame16, _mm_sub_epi16(k255, alpha16)),
                                _mm_mullo_epi16(white, alpha16)));
  };
  for (; i + 16 <= count; i += 16) {
    const __m128i frame = load(dst + i);
    const __m128i a = load(alpha + i);
    const __m128i lo = half(_mm_unpacklo_epi8(frame, zero), _mm_unpacklo_epi8(a, zero));
    const __m128i hi = half(_mm_unpackhi_epi8(frame, zero), _mm_unpackhi_epi8(a, zero));
    store(dst + i, _mm_packus_epi16(lo, hi));
  }
  for (; i < count; ++i) {
    const int a = kFade ? div255(alpha[i] * opacity) : alpha[i];
    dst[i] = static_cast<std::uint8_t>(div255(dst[i] * (255 - a) + kWhite * a));
  }
}

/// Calls fn(sourceColumn, count, dstOffset, isOpaque) for every piece of a span that falls in the
/// window of `count` samples starting at column `start` of a row `period` samples wide, wrapping
/// to column 0 at the end (a non-scrolling window never reaches it).
template <typename Fn>
void forEachSpanInWindow(std::span<const RowSpan> spans, int start, int count, int period,
                         Fn&& fn) {
  int position = start;
  int done = 0;
  while (done < count) {
    const int segmentEnd = std::min(period, position + (count - done));
    auto it = std::lower_bound(spans.begin(), spans.end(), position,
                               [](const RowSpan& span, int column) { return span.end <= column; });
    for (; it != spans.end() && it->begin < segmentEnd; ++it) {
      const int low = std::max<int>(it->begin, position);
      const int high = std::min<int>(it->end, segmentEnd);
      fn(low, high - low, done + (low - position), it->isOpaque);
    }
    done += segmentEnd - position;
    position = 0;
  }
}

int positiveModulo(std::int64_t value, int modulus) {
  const std::int64_t remainder = value % modulus;
  return static_cast<int>(remainder < 0 ? remainder + modulus : remainder);
}

/// kKey: draw the part's alpha as a key signal (luma only) instead of the part itself.
template <bool kFade, bool kKey>
void blendPartWith(const I420View& frame, const PreparedPart& part, const Rect& visible, int x0,
                   int y0, int opacity, std::int64_t scrollPixels) {
  const int period = part.width;
  const int scroll = part.isScrolling() ? positiveModulo(scrollPixels, period) : 0;

  const int lumaStart = (visible.x - x0 + scroll) % period;
  for (int frameY = visible.y; frameY < visible.bottom(); ++frameY) {
    const int row = frameY - y0;
    std::uint8_t* dst =
        frame.planes[0] + static_cast<std::ptrdiff_t>(frameY) * frame.strides[0] + visible.x;
    const std::size_t rowOffset = static_cast<std::size_t>(row) * period;
    const std::uint8_t* value = part.luma.value.data() + rowOffset;
    const std::uint8_t* alpha = part.luma.alpha.data() + rowOffset;
    forEachSpanInWindow(
        part.luma.spans.row(row), lumaStart, visible.width, period,
        [&](int source, int count, int dstOffset, bool isOpaque) {
          if constexpr (kKey) {
            if (!kFade && isOpaque) {
              std::memset(dst + dstOffset, 235, static_cast<std::size_t>(count));
            } else {
              keyRun<kFade>(dst + dstOffset, alpha + source, count, opacity);
            }
          } else if (!kFade && isOpaque) {
            std::memcpy(dst + dstOffset, value + source, static_cast<std::size_t>(count));
          } else {
            blendRun<kFade>(dst + dstOffset, value + source, alpha + source, count, opacity);
          }
        });
  }

  if constexpr (kKey) return;  // a key's chroma stays neutral

  // x0 and y0 are even, so chroma sample c covers frame columns 2c and 2c + 1, i.e. window
  // columns 2c − x0 and 2c − x0 + 1, i.e. image columns (scroll + 2c − x0) and the next: the
  // chroma of phase scroll % 2.
  const int phase = scroll & 1;
  const PreparedChroma& chroma = part.chroma[phase];
  const int chromaPeriod = period / 2;
  const int chromaLeft = visible.x / 2;
  const int chromaRight = std::min((visible.right() + 1) / 2, (frame.width + 1) / 2);
  const int chromaTop = visible.y / 2;
  const int chromaBottom = std::min((visible.bottom() + 1) / 2, (frame.height + 1) / 2);
  const int chromaStart = (chromaLeft - x0 / 2 + (scroll - phase) / 2) % chromaPeriod;
  for (int frameY = chromaTop; frameY < chromaBottom; ++frameY) {
    const int row = frameY - y0 / 2;
    std::uint8_t* dstCb =
        frame.planes[1] + static_cast<std::ptrdiff_t>(frameY) * frame.strides[1] + chromaLeft;
    std::uint8_t* dstCr =
        frame.planes[2] + static_cast<std::ptrdiff_t>(frameY) * frame.strides[2] + chromaLeft;
    const std::size_t rowOffset = static_cast<std::size_t>(row) * chromaPeriod;
    const std::uint8_t* cb = chroma.cb.data() + rowOffset;
    const std::uint8_t* cr = chroma.cr.data() + rowOffset;
    const std::uint8_t* alpha = chroma.alpha.data() + rowOffset;
    forEachSpanInWindow(
        chroma.spans.row(row), chromaStart, chromaRight - chromaLeft, chromaPeriod,
        [&](int source, int count, int dstOffset, bool isOpaque) {
          if (!kFade && isOpaque) {
            std::memcpy(dstCb + dstOffset, cb + source, static_cast<std::size_t>(count));
            std::memcpy(dstCr + dstOffset, cr + source, static_cast<std::size_t>(count));
          } else {
            blendRun2<kFade>(dstCb + dstOffset, dstCr + dstOffset, cb + source, cr + source,
                             alpha + source, count, opacity);
          }
        });
  }
}

template <bool kKey>
void blendOrKey(const I420View& frame, const PreparedPart& part, const BlendParams& params) {
  if (params.opacity <= 0 || part.width <= 0 || part.height <= 0) return;
  // Offsets move by whole chroma samples so the 4:2:0 alignment made at prepare time holds.
  const int x0 = part.x + (params.dx & ~1);
  const int y0 = part.y + (params.dy & ~1);
  Rect visible = intersect(Rect{x0, y0, part.frameRect().width, part.height},
                           Rect{0, 0, frame.width, frame.height});
  if (params.clip) visible = intersect(visible, *params.clip);
  if (visible.isEmpty()) return;
  if (params.opacity >= 255) {
    blendPartWith<false, kKey>(frame, part, visible, x0, y0, 255, params.scrollPixels);
  } else {
    blendPartWith<true, kKey>(frame, part, visible, x0, y0, params.opacity, params.scrollPixels);
  }
}

}  // namespace

void blendPart(const I420View& frame, const PreparedPart& part, const BlendParams& params) {
  blendOrKey<false>(frame, part, params);
}

void blendPartKey(const I420View& key, const PreparedPart& part, const BlendParams& params) {
  blendOrKey<true>(key, part, params);
}

}  // namespace sporazum::overlay
