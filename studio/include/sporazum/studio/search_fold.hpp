#pragma once
// Search that ignores case, script and diacritics, so "djakovica", "Đakovica" and "Ђаковица" meet
// (the same idea as the server's transliterate-then-unaccent, DESIGN.md "Data principles").

#include <QString>

namespace sporazum::studio {

/// Lower case, Serbian Cyrillic transliterated to Latin, diacritics removed (č→c, ë→e), đ→dj,
/// whitespace runs folded to one space. Apply the same to the text and to the search words.
QString foldForSearch(const QString& text);

}  // namespace sporazum::studio
