#pragma once
// The template set as data (assets/templates/README.md): parsed and checked, no drawing. All
// geometry is in design units, the pixels of a 1920×1080 frame.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sporazum/core/result.hpp"
#include "sporazum/overlay/image.hpp"

namespace sporazum::overlay::detail {

inline constexpr double kDesignWidth = 1920.0;
inline constexpr double kDesignHeight = 1080.0;

struct Rect {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;

  double right() const { return x + width; }
  double bottom() const { return y + height; }
  bool isEmpty() const { return width <= 0 || height <= 0; }
  bool contains(const Rect& other, double tolerance = 0) const;
  Rect unite(const Rect& other) const;  ///< bounding box; an empty side is ignored
  Rect inflate(double left, double top, double right, double bottom) const;
};

/// Straight (not premultiplied) colour, each channel 0..1.
struct Colour {
  double red = 0;
  double green = 0;
  double blue = 0;
  double alpha = 1;
};

struct TextStyle {
  std::string family;
  int weight = 400;        ///< OpenType weight: 300 light … 800 extra bold
  double sizePx = 0;       ///< largest size, tried first
  double minSizePx = 0;    ///< smallest size auto-fit may shrink to (= sizePx: no shrinking)
  double stepPx = 2;       ///< shrink step
  int maxLines = 1;        ///< wrapped lines allowed
  double lineSpacing = 0;  ///< Pango factor of the font's line height; 0: the font's own
  double letterSpacingPx = 0;
  Colour colour;
};

enum class Align { Start = 1, Centre, End };

/// A filled strip with one line of text: headers, attribution, super bars, captions, clock.
struct Bar {
  double height = 0;
  double paddingX = 0;
  Colour background;
  double accentWidth = 0;  ///< a stripe of `accent` at the bar's left edge
  Colour accent;
  double radius = 0;
  Align align = Align::Start;
  TextStyle text;
};

struct Shadow {
  Colour colour;
  double offsetX = 0;
  double offsetY = 0;
  double blur = 0;  ///< width of the soft edge, centred on the shape's offset outline
  /// How far the shadow reaches beyond the shape it belongs to, on each side.
  Rect reach() const;  ///< x,y: left/top reach; width,height: right/bottom reach
};

struct Animation {
  AnimationSpec in;
  AnimationSpec out;
};

struct QuestionTemplate {
  Animation animation;
  Rect box;  ///< the card grows up from the box's bottom; the header row sits on top of the panel
  bool shadow = false;
  Bar header;
  Bar attribution;
  Colour panelBackground;
  double panelAccentWidth = 0;
  Colour panelAccent;
  double paddingX = 0;
  double paddingTop = 0;
  double paddingBottom = 0;
  TextStyle question;
};

struct GuestSuperTemplate {
  Animation animation;
  Rect box;  ///< bars are left-aligned at box.x, stacked up from the box's bottom
  bool shadow = false;
  double minWidth = 0;
  Bar name;
  Bar role;
};

struct LogoTemplate {
  Animation animation;
  Rect box;
  Align align = Align::End;
  double opacity = 1;
};

struct ClockTemplate {
  Animation animation;
  Rect box;
  bool shadow = false;
  Bar bar;
};

struct QrTemplate {
  Animation animation;
  Rect box;  ///< the square code (box.width × box.width) on top, the caption bar below
  bool shadow = false;
  char errorCorrection = 'M';
  int quietZoneModules = 4;
  Colour dark;
  Colour light;
  double radius = 0;
  Bar caption;
};

struct TickerTemplate {
  Animation animation;
  Rect bar;
  bool barBleeds = false;  ///< the bar may run to the frame's edges (its content may not)
  Colour barBackground;
  Colour barTopLine;
  double barTopLineHeight = 0;
  Rect labelBox;
  Bar label;
  Rect textBox;
  TextStyle text;
  std::string separator;
  Colour separatorColour;
  double separatorPadding = 0;
  double scrollPxPerSecond = 0;
  double edgeFade = 0;
};

struct SlateTemplate {
  Colour backgroundTop;
  Colour backgroundBottom;
  Rect logoBox;
  Rect ruleBox;
  Colour ruleColour;
  Rect messageBox;
  Bar message;  ///< background and height unused; the text is centred in messageBox
};

/// On-air words in one language.
struct Labels {
  std::string questionHeader;
  std::string viewer;      ///< no name, no municipality
  std::string viewerFrom;  ///< no name: "{municipality}" replaced
  std::string named;       ///< name only: "{name}" replaced
  std::string namedFrom;   ///< "{name}", "{municipality}" replaced
  std::string tickerLabel;
  std::string slateMessage;
};

struct TemplateSet {
  std::vector<std::filesystem::path> fontFiles;
  std::filesystem::path logoFile;
  std::string onAirLanguage;  ///< sr-Latn, sr-Cyrl, sq or en
  double safeAreaPercent = 5;
  Labels labels;                                         ///< of onAirLanguage
  std::map<std::string, std::string> municipalityNames;  ///< code → name in onAirLanguage
  std::vector<std::string> hiddenMunicipalities;         ///< codes shown as no municipality
  Shadow shadow;

  QuestionTemplate question;
  GuestSuperTemplate guestSuper;
  LogoTemplate logo;
  ClockTemplate clock;
  QrTemplate qr;
  TickerTemplate ticker;
  SlateTemplate slate;

  Rect safeArea() const;
  /// Every text style, with where it is used, for the font check.
  std::vector<std::pair<std::string, const TextStyle*>> textStyles() const;
};

/// Reads show.json and the element files in `dir`, resolves colours and paths, checks ranges and
/// that every box lies in the graphics-safe area. Does not open fonts or the logo.
core::Result<TemplateSet> loadTemplateSet(const std::filesystem::path& dir);

/// Parses "#RRGGBB" or "#RRGGBBAA".
bool parseHexColour(const std::string& text, Colour& out);

}  // namespace sporazum::overlay::detail
