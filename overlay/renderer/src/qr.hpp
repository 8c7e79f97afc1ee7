#pragma once
// QR codes through libqrencode: the module matrix only; drawing is the renderer's.

#include <string>
#include <vector>

#include "sporazum/core/result.hpp"

namespace sporazum::overlay::detail {

struct QrMatrix {
  int version = 0;
  int size = 0;            ///< modules per side, without the quiet zone
  std::vector<bool> dark;  ///< row-major, size × size

  bool isDark(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};

/// Encodes `text` (bytes, e.g. a URL) at error correction level L, M, Q or H, in the smallest
/// version that holds it. Errors: qr_failed (empty, or too long for version 40).
core::Result<QrMatrix> encodeQr(const std::string& text, char level);

}  // namespace sporazum::overlay::detail
