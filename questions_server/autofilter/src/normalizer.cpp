#include "sporazum/autofilter/normalizer.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include "sporazum/core/utf8.hpp"

namespace sporazum::autofilter {
namespace {

using core::appendUtf8;

// Serbian-Latin/BGN (ICU 72) writes Serbian Cyrillic the way Serbs write Latin (џ → dž, љ → lj);
// the generic Cyrillic-Latin would give d̂, l̂, which no viewer types.
constexpr const char* kToLatinId = "Serbian-Latin/BGN";

// A separator between joined single letters is at most this many UTF-16 units (". " or " - ").
constexpr int32_t kMaxJoinSeparatorUnits = 3;
constexpr std::size_t kMinJoinedLetters = 3;
// Longest run of chunks glued back across in-word separators ("ši-pt-ar" is 3).
constexpr std::size_t kMaxChunkPieces = 4;

bool isCyrillic(UChar32 c) {
  UErrorCode st = U_ZERO_ERROR;
  return uscript_getScript(c, &st) == USCRIPT_CYRILLIC;
}

/// Digits and signs people use for letters. Only applied inside a word that has a real letter,
/// so "2024" stays a number.
char leetLetter(char c) {
  switch (c) {
    case '0':
      return 'o';
    case '1':
      return 'i';
    case '3':
      return 'e';
    case '4':
      return 'a';
    case '5':
      return 's';
    case '7':
      return 't';
    case '@':
      return 'a';
    case '$':
      return 's';
    default:
      return 0;
  }
}

/// Characters that ICU keeps inside a word (MidLetter, MidNumLet, ExtendNumLet) but that people
/// put between letters to dodge filters: '.', '_', apostrophes, the middle dot.
bool isSplitInsideWord(char16_t c) {
  return c == '.' || c == '_' || c == '\'' || c == u'\u2019' || c == u'\u00B7';
}

/// One character between two chunks of a word that glues them back: "šip-tar", "f*ck". Not an
/// apostrophe: "who're" and "he'll" would read as other words.
bool isChunkSeparator(char16_t c) {
  return c == '.' || c == '_' || c == '-' || c == '*' || c == u'\u00B7';
}

bool isAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Letters that do not decompose under NFD but have an obvious plain spelling.
const char* foldSpecial(UChar32 c) {
  switch (c) {
    case 0x0111:
      return "dj";  // đ (Serbian: đ is written dj without diacritics)
    case 0x0142:
      return "l";  // ł
    case 0x00F8:
      return "o";  // ø
    case 0x00E6:
      return "ae";  // æ
    case 0x0153:
      return "oe";  // œ
    case 0x0131:
      return "i";  // dotless ı
    case 0x0127:
      return "h";  // ħ
    case 0x00FE:
      return "th";  // þ
    case 0x00F0:
      return "d";  // ð
    default:
      return nullptr;
  }
}

bool isMark(UChar32 c) {
  const auto type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK;
}

}  // namespace

struct Normalizer::Impl {
  const icu::Normalizer2* nfkcCasefold = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  std::unique_ptr<icu::Transliterator> toLatin;
  USpoofChecker* spoof = nullptr;
  std::unique_ptr<icu::BreakIterator> words;
  // Skeletons are looked up per look-alike character and cached: "" when the skeleton is not
  // plain ASCII letters or digits (then the character is left alone).
  std::unordered_map<UChar32, std::string> skeletons;

  // Scratch, reused across calls so the hot path does not allocate once warmed up.
  icu::UnicodeString clean;
  std::vector<std::uint32_t> cpIndex;  // clean UTF-16 unit → original code point index
  icu::UnicodeString piece;
  icu::UnicodeString folded;
  icu::UnicodeString decomposition;
  std::string primary;
  std::vector<std::string> variants;  // other readings of the current piece, each once
  std::string scratch;
  struct Piece {
    int32_t begin = 0;
    int32_t end = 0;
    char single = 0;    // the letter when the piece is one letter (or letter-like digit), else 0
    int32_t word = -1;  // index of the piece's Word token, -1 when it has none
  };
  std::vector<Piece> pieces;

  Impl() {
    UErrorCode st = U_ZERO_ERROR;
    nfkcCasefold = icu::Normalizer2::getNFKCCasefoldInstance(st);
    nfd = icu::Normalizer2::getNFDInstance(st);
    toLatin.reset(icu::Transliterator::createInstance(kToLatinId, UTRANS_FORWARD, st));
    spoof = uspoof_open(&st);
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), st));
    if (U_FAILURE(st) || !toLatin || !words || spoof == nullptr) {
      if (spoof != nullptr) uspoof_close(spoof);
      // ICU data is part of the installed library; without it nothing can be filtered.
      throw std::runtime_error(std::string("autofilter: ICU set-up failed: ") + u_errorName(st));
    }
  }
  ~Impl() { uspoof_close(spoof); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  const std::string& skeletonOf(UChar32 c) {
    auto it = skeletons.find(c);
    if (it != skeletons.end()) return it->second;
    UErrorCode st = U_ZERO_ERROR;
    icu::UnicodeString dest;
    uspoof_getSkeletonUnicodeString(spoof, 0, icu::UnicodeString(c), dest, &st);
    std::string ascii;
    for (int32_t i = 0; U_SUCCESS(st) && i < dest.length(); ++i) {
      const char16_t u = dest.charAt(i);
      if (u >= 0x80 || !(isAsciiLetter(static_cast<char>(u)) || (u >= '0' && u <= '9'))) {
        ascii.clear();
        break;
      }
      ascii.push_back(static_cast<char>(u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u));
    }
    return skeletons.emplace(c, std::move(ascii)).first->second;
  }

  void buildClean(std::string_view utf8, TextStats& stats) {
    clean.remove();
    cpIndex.clear();
    std::size_t pos = 0;
    std::uint32_t index = 0;
    while (pos < utf8.size()) {
      const char32_t decoded = core::decodeUtf8(utf8, pos);
      const auto c = static_cast<UChar32>(decoded == core::kMalformedUtf8 ? 0xFFFD : decoded);
      if (c >= 0x80 || isAsciiLetter(static_cast<char>(c))) {
        if (u_isalpha(c)) {
          ++stats.letters;
          if (u_isUUppercase(c)) ++stats.upperLetters;
          switch (c) {
            case 0xEB:
            case 0xCB:
            case 0xE7:
            case 0xC7:
              stats.hasAlbanianLetters = true;
              break;
            case 0x10D:
            case 0x10C:
            case 0x107:
            case 0x106:
            case 0x111:
            case 0x110:
            case 0x17E:
            case 0x17D:
            case 0x161:
            case 0x160:
              stats.hasSerbianLatinLetters = true;
              break;
            default:
              if (c >= 0x80 && isCyrillic(c)) stats.hasCyrillic = true;
          }
        }
      }
      // Zero-width and other invisible characters are dropped before word breaking, so
      // "bad\u200Bword" is one word.
      if (c >= 0x80 && u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
        ++index;
        continue;
      }
      clean.append(c);
      cpIndex.push_back(index);
      if (c > 0xFFFF) cpIndex.push_back(index);
      ++index;
    }
    cpIndex.push_back(index);
    // '@' and '$' are not word characters, so "$lur" would break in two: next to a letter they
    // are read as the letter they imitate.
    const int32_t n = clean.length();
    for (int32_t i = 0; i < n; ++i) {
      const char16_t u = clean.charAt(i);
      if (u != '@' && u != '$') continue;
      const bool letterBefore = i > 0 && u_isalpha(clean.char32At(i - 1));
      const bool letterAfter = i + 1 < n && u_isalpha(clean.char32At(i + 1));
      if (letterBefore || letterAfter) clean.setCharAt(i, u == '@' ? u'a' : u's');
    }
  }

  /// Replaces look-alike characters from other scripts by their ASCII skeleton; `onlyIfAll`
  /// returns false (and leaves `out` partial) when some letter has no ASCII skeleton.
  bool skeletonize(const icu::UnicodeString& in, icu::UnicodeString& out, bool onlyIfAll) {
    out.remove();
    for (int32_t i = 0; i < in.length(); i = in.moveIndex32(i, 1)) {
      const UChar32 c = in.char32At(i);
      UErrorCode st = U_ZERO_ERROR;
      const auto script = c < 0x80 ? USCRIPT_LATIN : uscript_getScript(c, &st);
      if (script == USCRIPT_LATIN || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) {
        out.append(c);
        continue;
      }
      const std::string& skel = skeletonOf(c);
      if (skel.empty()) {
        if (onlyIfAll) return false;
        out.append(c);
        continue;
      }
      for (char s : skel)
        out.append(static_cast<char16_t>(s));
    }
    return true;
  }

  /// Diacritics off, special letters spelled out, result appended to `out` as UTF-8.
  void foldToUtf8(const icu::UnicodeString& in, std::string& out) {
    out.clear();
    for (int32_t i = 0; i < in.length(); i = in.moveIndex32(i, 1)) {
      const UChar32 c = in.char32At(i);
      if (c < 0x80) {
        out.push_back(static_cast<char>(c));
        continue;
      }
      if (const char* special = foldSpecial(c)) {
        out += special;
        continue;
      }
      if (isMark(c)) continue;
      if (nfd->getDecomposition(c, decomposition)) {
        for (int32_t k = 0; k < decomposition.length(); k = decomposition.moveIndex32(k, 1)) {
          const UChar32 d = decomposition.char32At(k);
          if (isMark(d)) continue;
          if (const char* special = foldSpecial(d)) {
            out += special;
          } else {
            appendUtf8(out, static_cast<char32_t>(d));
          }
        }
        continue;
      }
      appendUtf8(out, static_cast<char32_t>(c));
    }
  }

  /// Leet digits to letters, only when the word has a real letter (so "2024" stays a number).
  /// `four` is what '4' stands for: 'a', or 'c' where Serbian writes "pi4ka" for č (ч looks
  /// like 4). True when the word had a '4' that was read.
  static bool applyLeet(std::string& word, char four) {
    bool hasLetter = false;
    for (char c : word)
      hasLetter = hasLetter || isAsciiLetter(c);
    if (!hasLetter) return false;
    bool hadFour = false;
    for (char& c : word) {
      if (c == '4') {
        hadFour = true;
        c = four;
      } else if (const char l = leetLetter(c)) {
        c = l;
      }
    }
    return hadFour;
  }

  /// Runs of 3+ equal letters squeezed: to 2 in `word` (keeps "ass", "pass", "cool" intact) and
  /// to 1 in `squeezed` ("baaaad" → "bad"); `squeezed` is left empty when it would equal `word`.
  static void squeeze(std::string& word, std::string& squeezed) {
    squeezed.clear();
    std::size_t out = 0;
    bool hadLongRun = false;
    for (std::size_t i = 0; i < word.size();) {
      std::size_t j = i + 1;
      while (j < word.size() && word[j] == word[i])
        ++j;
      const std::size_t run = j - i;
      const bool letter = isAsciiLetter(word[i]);
      const std::size_t keep = (letter && run >= 3) ? 2 : run;
      hadLongRun = hadLongRun || (letter && run >= 3);
      for (std::size_t k = 0; k < keep; ++k)
        word[out++] = word[i];
      squeezed.append(letter && run >= 3 ? 1 : run, word[i]);
      i = j;
    }
    word.resize(out);
    if (!hadLongRun) squeezed.clear();
  }

  /// Leet read with '4' as 'a', then squeezed.
  static void finishWord(std::string& word, std::string& squeezed) {
    applyLeet(word, 'a');
    squeeze(word, squeezed);
  }

  /// Adds `reading` of the current piece as a Variant unless it is empty or already known.
  void addVariant(const std::string& reading) {
    if (reading.empty() || reading == primary) return;
    if (std::find(variants.begin(), variants.end(), reading) != variants.end()) return;
    variants.push_back(reading);
  }

  /// Finishes `word` (folded, before leet) as a further reading: its leet forms and their
  /// squeezed forms become Variants.
  void addReading(std::string& word) {
    std::string withC;
    if (word.find('4') != std::string::npos) withC = word;
    applyLeet(word, 'a');
    squeeze(word, scratch);
    addVariant(word);
    addVariant(scratch);
    addFourAsC(withC);
  }

  /// Normalises clean[begin, end) into `primary` and its other readings into `variants`.
  void normalizePiece(int32_t begin, int32_t end) {
    primary.clear();
    variants.clear();
    bool ascii = true;
    for (int32_t i = begin; i < end && ascii; ++i)
      ascii = clean.charAt(i) < 0x80;
    if (ascii) {
      for (int32_t i = begin; i < end; ++i) {
        auto c = static_cast<char>(clean.charAt(i));
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
        primary.push_back(c);
      }
      finishPrimary();
      return;
    }
    piece.setTo(clean, begin, end - begin);
    UErrorCode st = U_ZERO_ERROR;
    nfkcCasefold->normalize(piece, folded, st);
    if (U_FAILURE(st)) folded = piece;
    bool hasLatin = false;
    bool hasCyr = false;
    bool hasOther = false;
    for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
      const UChar32 c = folded.char32At(i);
      if (c < 0x80) {
        hasLatin = hasLatin || isAsciiLetter(static_cast<char>(c));
        continue;
      }
      if (!u_isalpha(c)) continue;
      UErrorCode sst = U_ZERO_ERROR;
      const auto script = uscript_getScript(c, &sst);
      hasLatin = hasLatin || script == USCRIPT_LATIN;
      hasCyr = hasCyr || script == USCRIPT_CYRILLIC;
      hasOther = hasOther || (script != USCRIPT_LATIN && script != USCRIPT_CYRILLIC &&
                              script != USCRIPT_COMMON && script != USCRIPT_INHERITED);
    }
    std::string homoglyph;
    std::string transliterated;
    if (hasCyr && !hasLatin && !hasOther) {
      // A Cyrillic word is Serbian written in Cyrillic: transliterate. It may also be English
      // spelled with look-alikes ("рussy" all in Cyrillic), so its skeleton is kept as a variant.
      if (skeletonize(folded, piece, true)) foldToUtf8(piece, homoglyph);
      toLatin->transliterate(folded);
    } else if (hasCyr || hasOther) {
      // Mixed scripts inside one word is the look-alike trick: a Latin word with a Cyrillic а
      // ("bаdword") reads right through skeletons, a Cyrillic word with a Latin a ("шиптaр")
      // through transliteration (Latin letters pass it unchanged); both readings are kept.
      if (hasCyr) {
        piece = folded;
        toLatin->transliterate(piece);
        foldToUtf8(piece, transliterated);
      }
      skeletonize(folded, piece, false);
      folded = piece;
    }
    foldToUtf8(folded, primary);
    finishPrimary();
    if (!homoglyph.empty()) addReading(homoglyph);
    if (!transliterated.empty()) addReading(transliterated);
  }

  /// Leet and squeeze on `primary`; the squeezed form and the '4' → č reading become Variants.
  void finishPrimary() {
    std::string withC;
    if (primary.find('4') != std::string::npos) withC = primary;
    applyLeet(primary, 'a');
    squeeze(primary, scratch);
    addVariant(scratch);
    addFourAsC(withC);
  }

  /// The reading of `word` (folded, before leet; empty for none) with '4' as 'c', and its
  /// squeezed form, as Variants.
  void addFourAsC(std::string& word) {
    if (word.empty() || !applyLeet(word, 'c')) return;
    squeeze(word, scratch);
    addVariant(word);
    addVariant(scratch);
  }

  void tokenize(std::string_view utf8, std::vector<Token>& out, TextStats& stats) {
    out.clear();
    pieces.clear();
    buildClean(utf8, stats);
    const int32_t n = clean.length();
    if (n == 0) return;
    words->setText(clean);
    int32_t start = words->first();
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
         start = end, end = words->next()) {
      if (words->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
      // ICU keeps "s.l.u.r", "s_l_u_r" and "t'qifsha" as one word; split there so they read
      // like "s-l-u-r" and "t qifsha".
      int32_t a = start;
      for (int32_t i = start; i <= end; ++i) {
        if (i < end && !isSplitInsideWord(clean.charAt(i))) continue;
        if (i > a) addPiece(a, i, out);
        a = i + 1;
      }
    }
    addJoined(out);
    addChunkJoins(out);
  }

  void addPiece(int32_t begin, int32_t end, std::vector<Token>& out) {
    normalizePiece(begin, end);
    Piece p{begin, end, 0, -1};
    if (clean.moveIndex32(begin, 1) == end) {
      const UChar32 c = clean.char32At(begin);
      if (primary.size() == 1 && isAsciiLetter(primary[0])) {
        p.single = primary[0];
      } else if (c < 0x80 && leetLetter(static_cast<char>(c)) != 0) {
        p.single = leetLetter(static_cast<char>(c));
      }
    }
    if (!primary.empty()) p.word = static_cast<int32_t>(out.size());
    pieces.push_back(p);
    if (primary.empty()) return;
    const std::uint32_t b = cpIndex[static_cast<std::size_t>(begin)];
    const std::uint32_t e = cpIndex[static_cast<std::size_t>(end - 1)] + 1;
    out.push_back(Token{primary, b, e, TokenKind::Word});
    for (const std::string& v : variants)
      out.push_back(Token{v, b, e, TokenKind::Variant});
  }

  /// Runs of single letters with the same separator between each ("s l u r", "s-l-u-r") become
  /// one Joined token; at least kMinJoinedLetters pieces, at least two real letters.
  void addJoined(std::vector<Token>& out) {
    std::size_t i = 0;
    while (i < pieces.size()) {
      if (pieces[i].single == 0) {
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      const int32_t sepLen = j < pieces.size() ? pieces[j].begin - pieces[i].end : 0;
      while (j < pieces.size() && pieces[j].single != 0 && sepLen > 0 &&
             sepLen <= kMaxJoinSeparatorUnits && pieces[j].begin - pieces[j - 1].end == sepLen &&
             clean.compare(pieces[j - 1].end, sepLen, clean, pieces[i].end, sepLen) == 0) {
        ++j;
      }
      if (j - i >= kMinJoinedLetters) {
        std::string joined;
        std::size_t letters = 0;
        for (std::size_t k = i; k < j; ++k) {
          joined.push_back(pieces[k].single);
          const UChar32 c = clean.char32At(pieces[k].begin);
          if (c >= 0x80 || isAsciiLetter(static_cast<char>(c))) ++letters;
        }
        if (letters >= 2) {
          std::string unused;
          finishWord(joined, unused);
          out.push_back(Token{std::move(joined), cpIndex[static_cast<std::size_t>(pieces[i].begin)],
                              cpIndex[static_cast<std::size_t>(pieces[j - 1].end - 1)] + 1,
                              TokenKind::Joined});
        }
      }
      i = j;
    }
  }
  /// Words glued back across one in-word separator ("šip-tar", "shki.jet", "f*ck"): every run of
  /// 2 to kMaxChunkPieces pieces, not all single letters (addJoined reads those), with one
  /// separator character between each becomes a Joined token.
  void addChunkJoins(std::vector<Token>& out) {
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (pieces[i].word < 0) continue;
      std::string joined = out[static_cast<std::size_t>(pieces[i].word)].text;
      bool allSingle = pieces[i].single != 0;
      for (std::size_t j = i + 1; j < pieces.size() && j - i < kMaxChunkPieces; ++j) {
        const Piece& prev = pieces[j - 1];
        if (pieces[j].word < 0 || pieces[j].begin - prev.end != 1 ||
            !isChunkSeparator(clean.charAt(prev.end))) {
          break;
        }
        joined += out[static_cast<std::size_t>(pieces[j].word)].text;
        allSingle = allSingle && pieces[j].single != 0;
        if (allSingle) continue;
        const std::uint32_t b = cpIndex[static_cast<std::size_t>(pieces[i].begin)];
        const std::uint32_t e = cpIndex[static_cast<std::size_t>(pieces[j].end - 1)] + 1;
        std::string word = joined;
        squeeze(word, scratch);
        out.push_back(Token{word, b, e, TokenKind::Joined});
        if (!scratch.empty()) out.push_back(Token{scratch, b, e, TokenKind::Joined});
      }
    }
  }
};

Normalizer::Normalizer() : impl_(std::make_unique<Impl>()) {}
Normalizer::~Normalizer() = default;
Normalizer::Normalizer(Normalizer&&) noexcept = default;
Normalizer& Normalizer::operator=(Normalizer&&) noexcept = default;

std::vector<Token> Normalizer::tokens(std::string_view utf8) {
  std::vector<Token> out;
  tokenize(utf8, out);
  return out;
}

void Normalizer::tokenize(std::string_view utf8, std::vector<Token>& out, TextStats* stats) {
  TextStats local;
  TextStats& into = stats != nullptr ? *stats : local;
  into = TextStats{};
  impl_->tokenize(utf8, out, into);
}

std::string Normalizer::normalizeTerm(std::string_view utf8) {
  std::vector<Token> toks;
  TextStats unused;
  impl_->tokenize(utf8, toks, unused);
  std::string term;
  for (const Token& t : toks) {
    if (t.kind != TokenKind::Word) continue;
    if (!term.empty()) term.push_back(' ');
    term += t.text;
  }
  return term;
}

}  // namespace sporazum::autofilter
