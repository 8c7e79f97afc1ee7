#include "qr.hpp"

#include <memory>

#include <qrencode.h>

namespace sporazum::overlay::detail {

namespace {
struct QrcodeFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};
}  // namespace

core::Result<QrMatrix> encodeQr(const std::string& text, char level) {
  if (text.empty() || text.find('\0') != std::string::npos) {
    return core::makeError("qr_failed", "nothing to encode");
  }
  QRecLevel ecc = QR_ECLEVEL_M;
  if (level == 'L') ecc = QR_ECLEVEL_L;
  if (level == 'Q') ecc = QR_ECLEVEL_Q;
  if (level == 'H') ecc = QR_ECLEVEL_H;
  std::unique_ptr<QRcode, QrcodeFree> code(QRcode_encodeString(text.c_str(), 0, ecc, QR_MODE_8, 1));
  if (!code) return core::makeError("qr_failed", "too long for a QR code");
  QrMatrix matrix;
  matrix.version = code->version;
  matrix.size = code->width;
  matrix.dark.resize(static_cast<std::size_t>(code->width) * code->width);
  for (std::size_t i = 0; i < matrix.dark.size(); ++i)
    matrix.dark[i] = (code->data[i] & 1U) != 0;
  return matrix;
}

}  // namespace sporazum::overlay::detail
