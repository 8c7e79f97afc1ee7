#include "sporazum/studio/search_fold.hpp"

#include <iterator>

namespace sporazum::studio {
namespace {

/// Serbian Cyrillic lower case (U+0430…U+045F) → Latin without diacritics; nullptr for letters
/// Serbian does not use (kept as they are). Input is already decomposed (NFKD).
constexpr const char* kCyrillicToLatin[] = {
    "a",     "b",     "v",     "g",     "d",     "e",     "z",     "z",  // а б в г д е ж з
    "i",     nullptr, "k",     "l",     "m",     "n",     "o",     "p",  // и й к л м н о п
    "r",     "s",     "t",     "u",     "f",     "h",     "c",     "c",  // р с т у ф х ц ч
    "s",     nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,  // ш щ ъ ы ь э ю я
    nullptr, nullptr, "dj",    nullptr, nullptr, nullptr, nullptr, nullptr,  // ѐ ё ђ ѓ є ѕ і ї
    "j",     "lj",    "nj",    "c",     nullptr, nullptr, nullptr, "dz",  // ј љ њ ћ ќ ѝ ў џ
};
static_assert(std::size(kCyrillicToLatin) == 0x30);

const char* cyrillicToLatin(char16_t c) {
  if (c < 0x430 || c > 0x45F) return nullptr;
  return kCyrillicToLatin[c - 0x430];
}

}  // namespace

QString foldForSearch(const QString& text) {
  // Decompose first so č becomes c + a combining caron that is then dropped.
  const QString decomposed = text.toLower().normalized(QString::NormalizationForm_KD);
  QString folded;
  folded.reserve(decomposed.size());
  bool lastWasSpace = true;
  for (const QChar c : decomposed) {
    if (c.category() == QChar::Mark_NonSpacing) continue;
    if (c.isSpace()) {
      if (!lastWasSpace) folded.append(QLatin1Char(' '));
      lastWasSpace = true;
      continue;
    }
    lastWasSpace = false;
    if (c == u'đ') {
      folded.append(QLatin1String("dj"));
    } else if (const char* latin = cyrillicToLatin(c.unicode())) {
      folded.append(QLatin1String(latin));
    } else {
      folded.append(c);
    }
  }
  if (folded.endsWith(QLatin1Char(' '))) folded.chop(1);
  return folded;
}

}  // namespace sporazum::studio
