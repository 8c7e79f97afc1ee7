#include "templates.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

namespace sporazum::overlay::detail {

using nlohmann::json;

bool Rect::contains(const Rect& other, double tolerance) const {
  return other.x >= x - tolerance && other.y >= y - tolerance &&
         other.right() <= right() + tolerance && other.bottom() <= bottom() + tolerance;
}

Rect Rect::unite(const Rect& other) const {
  if (other.isEmpty()) return *this;
  if (isEmpty()) return other;
  const double left = std::min(x, other.x);
  const double top = std::min(y, other.y);
  return Rect{left, top, std::max(right(), other.right()) - left,
              std::max(bottom(), other.bottom()) - top};
}

Rect Rect::inflate(double left, double top, double rightBy, double bottomBy) const {
  return Rect{x - left, y - top, width + left + rightBy, height + top + bottomBy};
}

Rect Shadow::reach() const {
  const double half = blur / 2;
  return Rect{std::max(0.0, half - offsetX), std::max(0.0, half - offsetY),
              std::max(0.0, half + offsetX), std::max(0.0, half + offsetY)};
}

Rect TemplateSet::safeArea() const {
  const double marginX = kDesignWidth * safeAreaPercent / 100.0;
  const double marginY = kDesignHeight * safeAreaPercent / 100.0;
  return Rect{marginX, marginY, kDesignWidth - 2 * marginX, kDesignHeight - 2 * marginY};
}

std::vector<std::pair<std::string, const TextStyle*>> TemplateSet::textStyles() const {
  return {{"question.json: header.text", &question.header.text},
          {"question.json: attribution.text", &question.attribution.text},
          {"question.json: question", &question.question},
          {"guest_super.json: name.text", &guestSuper.name.text},
          {"guest_super.json: role.text", &guestSuper.role.text},
          {"clock.json: bar.text", &clock.bar.text},
          {"qr.json: caption.text", &qr.caption.text},
          {"ticker.json: label.text", &ticker.label.text},
          {"ticker.json: text", &ticker.text},
          {"slate.json: message.text", &slate.message.text}};
}

bool parseHexColour(const std::string& text, Colour& out) {
  if ((text.size() != 7 && text.size() != 9) || text[0] != '#') return false;
  unsigned channels[4] = {0, 0, 0, 255};
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    unsigned value = 0;
    for (std::size_t k = 1; k <= 2; ++k) {
      const char c = text[i + k];
      value *= 16;
      if (c >= '0' && c <= '9') {
        value += static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value += static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value += static_cast<unsigned>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    channels[i / 2] = value;
  }
  out = Colour{channels[0] / 255.0, channels[1] / 255.0, channels[2] / 255.0, channels[3] / 255.0};
  return true;
}

namespace {

/// Thrown only inside this file; loadTemplateSet turns it into a core::Error.
struct TemplateError {
  std::string code;
  std::string message;
};

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw TemplateError{"template_invalid", where + ": " + what};
}

std::string formatNumber(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

struct Context {
  std::map<std::string, Colour> palette;
  std::string fontFamily;
};

/// Reads one JSON object, naming the field in every error and refusing keys it was not asked for
/// (a misspelt key is an error, not a silent default).
class ObjectReader {
 public:
  ObjectReader(const json& value, std::string where, const Context& context)
      : value_(value), where_(std::move(where)), context_(context) {
    if (!value_.is_object()) fail(where_, "must be an object");
  }

  bool has(const char* key) const { return value_.contains(key); }

  double number(const char* key, double min, double max) {
    const json& item = field(key);
    if (!item.is_number()) fail(path(key), "must be a number");
    const double result = item.get<double>();
    if (!(result >= min && result <= max)) {
      fail(path(key), "must be between " + formatNumber(min) + " and " + formatNumber(max));
    }
    return result;
  }
  double number(const char* key, double min, double max, double fallback) {
    return has(key) ? number(key, min, max) : fallback;
  }
  int integer(const char* key, int min, int max, int fallback) {
    if (!has(key)) return fallback;
    const json& item = field(key);
    if (!item.is_number_integer()) fail(path(key), "must be an integer");
    const auto result = item.get<long long>();
    if (result < min || result > max) {
      fail(path(key), "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return static_cast<int>(result);
  }
  std::string string(const char* key) {
    const json& item = field(key);
    if (!item.is_string()) fail(path(key), "must be a string");
    return item.get<std::string>();
  }
  std::string string(const char* key, const std::string& fallback) {
    return has(key) ? string(key) : fallback;
  }
  bool boolean(const char* key, bool fallback) {
    if (!has(key)) return fallback;
    const json& item = field(key);
    if (!item.is_boolean()) fail(path(key), "must be true or false");
    return item.get<bool>();
  }
  Colour colour(const char* key) {
    const std::string text = string(key);
    Colour result;
    if (parseHexColour(text, result)) return result;
    const auto named = context_.palette.find(text);
    if (named == context_.palette.end()) {
      fail(path(key), "\"" + text + "\" is neither #RRGGBB[AA] nor a colour named in show.json");
    }
    return named->second;
  }
  Colour colour(const char* key, Colour fallback) { return has(key) ? colour(key) : fallback; }
  ObjectReader object(const char* key) { return ObjectReader(field(key), path(key), context_); }
  const json& raw(const char* key) { return field(key); }
  std::string path(const char* key) const {
    return where_ + (where_.find(": ") == std::string::npos ? ": " : ".") + key;
  }
  const std::string& where() const { return where_; }
  const Context& context() const { return context_; }

  /// Refuses keys nobody asked for.
  void finish() const {
    for (const auto& [key, item] : value_.items()) {
      if (!seen_.count(key)) fail(path(key.c_str()), "unknown field");
    }
  }

 private:
  const json& field(const char* key) {
    seen_.insert(key);
    const auto found = value_.find(key);
    if (found == value_.end()) fail(path(key), "is required");
    return *found;
  }

  const json& value_;
  std::string where_;
  const Context& context_;
  std::set<std::string> seen_;
};

Rect readRect(ObjectReader reader) {
  Rect rect;
  rect.x = reader.number("x", -10000, 10000);
  rect.y = reader.number("y", -10000, 10000);
  rect.width = reader.number("width", 1, 10000);
  rect.height = reader.number("height", 1, 10000);
  reader.finish();
  return rect;
}

TextStyle readTextStyle(ObjectReader reader) {
  TextStyle style;
  style.family = reader.string("family", reader.context().fontFamily);
  style.weight = reader.integer("weight", 100, 1000, 400);
  style.sizePx = reader.number("sizePx", 4, 400);
  style.minSizePx = reader.number("minSizePx", 4, style.sizePx, style.sizePx);
  style.stepPx = reader.number("stepPx", 0.25, 100, 2);
  style.maxLines = reader.integer("maxLines", 1, 20, 1);
  style.lineSpacing = reader.number("lineSpacing", 0, 4, 0);
  if (style.lineSpacing != 0 && style.lineSpacing < 0.5) {
    fail(reader.path("lineSpacing"), "must be 0 (the font's own) or between 0.5 and 4");
  }
  style.letterSpacingPx = reader.number("letterSpacingPx", -20, 100, 0);
  style.colour = reader.colour("colour");
  reader.finish();
  return style;
}

Align readAlign(ObjectReader& reader, Align fallback) {
  if (!reader.has("align")) return fallback;
  const std::string text = reader.string("align");
  if (text == "start") return Align::Start;
  if (text == "centre" || text == "center") return Align::Centre;
  if (text == "end") return Align::End;
  fail(reader.path("align"), "must be start, centre or end");
}

Bar readBar(ObjectReader reader, bool needsHeight = true) {
  Bar bar;
  bar.height = needsHeight ? reader.number("height", 1, 2000) : reader.number("height", 1, 2000, 1);
  bar.paddingX = reader.number("paddingX", 0, 500, 0);
  bar.background = reader.colour("background", Colour{0, 0, 0, 0});
  bar.accentWidth = reader.number("accentWidth", 0, 200, 0);
  bar.accent = bar.accentWidth > 0 ? reader.colour("accent") : reader.colour("accent", Colour{});
  bar.radius = reader.number("radius", 0, 200, 0);
  bar.align = readAlign(reader, Align::Start);
  bar.text = readTextStyle(reader.object("text"));
  reader.finish();
  return bar;
}

AnimationSpec readAnimationSpec(ObjectReader reader) {
  AnimationSpec spec;
  const std::string kind = reader.string("kind");
  static const std::pair<const char*, AnimationKind> kKinds[] = {
      {"cut", AnimationKind::Cut},
      {"fade", AnimationKind::Fade},
      {"slide_up", AnimationKind::SlideUp},
      {"slide_left", AnimationKind::SlideLeft},
      {"wipe", AnimationKind::Wipe}};
  const auto found = std::find_if(std::begin(kKinds), std::end(kKinds),
                                  [&](const auto& entry) { return kind == entry.first; });
  if (found == std::end(kKinds)) {
    fail(reader.path("kind"), "must be cut, fade, slide_up, slide_left or wipe");
  }
  spec.kind = found->second;
  spec.durationMs = reader.integer("durationMs", 0, 10000, 0);
  reader.finish();
  return spec;
}

Animation readAnimation(ObjectReader& reader) {
  Animation animation;
  if (reader.has("animateIn")) animation.in = readAnimationSpec(reader.object("animateIn"));
  if (reader.has("animateOut")) animation.out = readAnimationSpec(reader.object("animateOut"));
  return animation;
}

std::string readFile(const std::filesystem::path& path, const char* code) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TemplateError{code, "cannot read " + path.string()};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json parseJson(const std::filesystem::path& path, const char* code) {
  const std::string text = readFile(path, code);
  try {
    return json::parse(text);
  } catch (const json::parse_error& error) {
    throw TemplateError{"template_invalid", path.filename().string() + ": " + error.what()};
  }
}

std::filesystem::path resolve(const std::filesystem::path& dir, const std::string& path) {
  const std::filesystem::path given(path);
  return given.is_absolute() ? given : (dir / given).lexically_normal();
}

const char* const kLanguages[] = {"sr-Latn", "sr-Cyrl", "sq", "en"};

Labels readLabels(ObjectReader reader) {
  Labels labels;
  labels.questionHeader = reader.string("questionHeader");
  labels.viewer = reader.string("viewer");
  labels.viewerFrom = reader.string("viewerFrom");
  labels.named = reader.string("named");
  labels.namedFrom = reader.string("namedFrom");
  labels.tickerLabel = reader.string("tickerLabel");
  labels.slateMessage = reader.string("slateMessage");
  reader.finish();
  if (labels.viewerFrom.find("{municipality}") == std::string::npos) {
    fail(reader.path("viewerFrom"), "must contain {municipality}");
  }
  if (labels.named.find("{name}") == std::string::npos) {
    fail(reader.path("named"), "must contain {name}");
  }
  if (labels.namedFrom.find("{name}") == std::string::npos ||
      labels.namedFrom.find("{municipality}") == std::string::npos) {
    fail(reader.path("namedFrom"), "must contain {name} and {municipality}");
  }
  return labels;
}

void readShow(const std::filesystem::path& dir, TemplateSet& set, Context& context) {
  const json show = parseJson(dir / "show.json", "templates_unreadable");
  if (!show.is_object()) fail("show.json", "must be an object");
  // Colours first: every other field may name one.
  if (show.contains("colours")) {
    const json& colours = show["colours"];
    if (!colours.is_object()) fail("show.json: colours", "must be an object");
    for (const auto& [name, value] : colours.items()) {
      Colour colour;
      if (!value.is_string() || !parseHexColour(value.get<std::string>(), colour)) {
        fail("show.json: colours." + name, "must be \"#RRGGBB\" or \"#RRGGBBAA\"");
      }
      context.palette[name] = colour;
    }
  }
  ObjectReader reader(show, "show.json", context);
  reader.raw("colours");
  context.fontFamily = reader.string("fontFamily");

  const json& fonts = reader.raw("fonts");
  if (!fonts.is_array() || fonts.empty()) fail(reader.path("fonts"), "must list font files");
  for (const json& font : fonts) {
    if (!font.is_string()) fail(reader.path("fonts"), "must list file names");
    set.fontFiles.push_back(resolve(dir, font.get<std::string>()));
  }
  set.logoFile = resolve(dir, reader.string("logo"));
  set.safeAreaPercent = reader.number("safeAreaPercent", 0, 20);
  set.onAirLanguage = reader.string("onAirLanguage");
  if (std::find(std::begin(kLanguages), std::end(kLanguages), set.onAirLanguage) ==
      std::end(kLanguages)) {
    fail(reader.path("onAirLanguage"), "must be sr-Latn, sr-Cyrl, sq or en");
  }

  {
    ObjectReader shadow = reader.object("shadow");
    set.shadow.colour = shadow.colour("colour");
    set.shadow.offsetX = shadow.number("offsetX", -50, 50, 0);
    set.shadow.offsetY = shadow.number("offsetY", -50, 50, 0);
    set.shadow.blur = shadow.number("blur", 0, 50, 0);
    shadow.finish();
  }

  {
    ObjectReader labels = reader.object("labels");
    for (const char* language : kLanguages) {
      if (!labels.has(language)) continue;
      Labels parsed = readLabels(labels.object(language));
      if (set.onAirLanguage == language) set.labels = std::move(parsed);
    }
    labels.finish();
    if (set.labels.questionHeader.empty()) {
      fail(labels.path(set.onAirLanguage.c_str()), "is required: it is the on-air language");
    }
  }

  if (reader.has("municipalities")) {
    ObjectReader municipalities = reader.object("municipalities");
    const auto file = resolve(dir, municipalities.string("file"));
    if (municipalities.has("hidden")) {
      const json& hidden = municipalities.raw("hidden");
      if (!hidden.is_array()) fail(municipalities.path("hidden"), "must list codes");
      for (const json& code : hidden) {
        if (!code.is_string()) fail(municipalities.path("hidden"), "must list codes");
        set.hiddenMunicipalities.push_back(code.get<std::string>());
      }
    }
    municipalities.finish();
    const json list = parseJson(file, "template_invalid");
    if (!list.is_array()) fail(file.filename().string(), "must be an array");
    for (const json& entry : list) {
      if (!entry.is_object() || !entry.contains("code") || !entry["code"].is_string() ||
          !entry.contains(set.onAirLanguage) || !entry[set.onAirLanguage].is_string()) {
        fail(file.filename().string(),
             "every entry needs a code and a " + set.onAirLanguage + " name");
      }
      set.municipalityNames[entry["code"].get<std::string>()] =
          entry[set.onAirLanguage].get<std::string>();
    }
  }
  reader.finish();
}

void readQuestion(const json& file, const Context& context, QuestionTemplate& out) {
  ObjectReader reader(file, "question.json", context);
  out.animation = readAnimation(reader);
  out.box = readRect(reader.object("box"));
  out.shadow = reader.boolean("shadow", false);
  out.header = readBar(reader.object("header"));
  {
    ObjectReader attribution = reader.object("attribution");
    out.attribution = readBar(attribution, false);
  }
  {
    ObjectReader panel = reader.object("panel");
    out.panelBackground = panel.colour("background");
    out.panelAccentWidth = panel.number("accentWidth", 0, 200, 0);
    out.panelAccent = panel.colour("accent", Colour{});
    out.paddingX = panel.number("paddingX", 0, 500);
    out.paddingTop = panel.number("paddingTop", 0, 500);
    out.paddingBottom = panel.number("paddingBottom", 0, 500);
    panel.finish();
  }
  out.question = readTextStyle(reader.object("question"));
  reader.finish();
  if (out.header.height + out.paddingTop + out.paddingBottom + out.question.minSizePx >
      out.box.height) {
    fail("question.json: box.height", "leaves no room for one line of the question");
  }
  if (2 * out.paddingX + out.panelAccentWidth >= out.box.width) {
    fail("question.json: panel.paddingX", "leaves no room for the question");
  }
}

void readGuestSuper(const json& file, const Context& context, GuestSuperTemplate& out) {
  ObjectReader reader(file, "guest_super.json", context);
  out.animation = readAnimation(reader);
  out.box = readRect(reader.object("box"));
  out.shadow = reader.boolean("shadow", false);
  out.minWidth = reader.number("minWidth", 0, out.box.width, 0);
  out.name = readBar(reader.object("name"));
  out.role = readBar(reader.object("role"));
  reader.finish();
  if (out.name.height + out.role.height > out.box.height) {
    fail("guest_super.json: box.height", "is less than the two bars");
  }
}

void readLogo(const json& file, const Context& context, LogoTemplate& out) {
  ObjectReader reader(file, "logo.json", context);
  out.animation = readAnimation(reader);
  out.box = readRect(reader.object("box"));
  out.align = readAlign(reader, Align::End);
  out.opacity = reader.number("opacity", 0.05, 1, 1);
  reader.finish();
}

void readClock(const json& file, const Context& context, ClockTemplate& out) {
  ObjectReader reader(file, "clock.json", context);
  out.animation = readAnimation(reader);
  out.box = readRect(reader.object("box"));
  out.shadow = reader.boolean("shadow", false);
  out.bar = readBar(reader.object("bar"), false);
  out.bar.height = out.box.height;
  reader.finish();
}

void readQr(const json& file, const Context& context, QrTemplate& out) {
  ObjectReader reader(file, "qr.json", context);
  out.animation = readAnimation(reader);
  out.box = readRect(reader.object("box"));
  out.shadow = reader.boolean("shadow", false);
  const std::string level = reader.string("errorCorrection", "M");
  if (level != "L" && level != "M" && level != "Q" && level != "H") {
    fail(reader.path("errorCorrection"), "must be L, M, Q or H");
  }
  out.errorCorrection = level[0];
  out.quietZoneModules = reader.integer("quietZoneModules", 2, 10, 4);
  out.dark = reader.colour("dark");
  out.light = reader.colour("light");
  out.radius = reader.number("radius", 0, 50, 0);
  out.caption = readBar(reader.object("caption"));
  reader.finish();
  if (out.dark.alpha < 1 || out.light.alpha < 1) {
    fail("qr.json: dark/light", "must be opaque: a see-through code may not scan");
  }
  if (out.box.width + out.caption.height > out.box.height + 1e-9) {
    fail("qr.json: box.height", "must hold the square code (box.width) and the caption bar");
  }
}

void readTicker(const json& file, const Context& context, TickerTemplate& out) {
  ObjectReader reader(file, "ticker.json", context);
  out.animation = readAnimation(reader);
  {
    ObjectReader bar = reader.object("bar");
    out.bar = readRect(bar.object("box"));
    out.barBleeds = bar.boolean("bleed", false);
    out.barBackground = bar.colour("background");
    out.barTopLine = bar.colour("topLine", Colour{0, 0, 0, 0});
    out.barTopLineHeight = bar.number("topLineHeight", 0, 20, 0);
    bar.finish();
  }
  {
    ObjectReader label = reader.object("label");
    out.labelBox = readRect(label.object("box"));
    out.label = readBar(label.object("bar"), false);
    out.label.height = out.labelBox.height;
    label.finish();
  }
  out.textBox = readRect(reader.object("textBox"));
  out.text = readTextStyle(reader.object("text"));
  {
    ObjectReader separator = reader.object("separator");
    out.separator = separator.string("text");
    out.separatorColour = separator.colour("colour");
    out.separatorPadding = separator.number("paddingX", 0, 500, 0);
    separator.finish();
  }
  out.scrollPxPerSecond = reader.number("scrollPxPerSecond", 1, 2000);
  out.edgeFade = reader.number("edgeFade", 0, 400, 0);
  reader.finish();
  if (!out.bar.contains(out.labelBox) || !out.bar.contains(out.textBox)) {
    fail("ticker.json: label.box/textBox", "must lie inside bar.box");
  }
  if (out.text.maxLines != 1) fail("ticker.json: text.maxLines", "must be 1");
}

void readSlate(const json& file, const Context& context, SlateTemplate& out) {
  ObjectReader reader(file, "slate.json", context);
  out.backgroundTop = reader.colour("backgroundTop");
  out.backgroundBottom = reader.colour("backgroundBottom");
  out.logoBox = readRect(reader.object("logoBox"));
  {
    ObjectReader rule = reader.object("rule");
    out.ruleBox = readRect(rule.object("box"));
    out.ruleColour = rule.colour("colour");
    rule.finish();
  }
  {
    ObjectReader message = reader.object("message");
    out.messageBox = readRect(message.object("box"));
    out.message = readBar(message.object("bar"), false);
    message.finish();
  }
  reader.finish();
  if (out.backgroundTop.alpha < 1 || out.backgroundBottom.alpha < 1) {
    fail("slate.json: background", "must be opaque: the slate replaces the picture");
  }
}

void checkInside(const Rect& area, const Rect& box, const std::string& what, const char* areaName) {
  if (!area.contains(box, 1e-6)) {
    std::ostringstream message;
    message << what << " (x " << box.x << ".." << box.right() << ", y " << box.y << ".."
            << box.bottom() << ") is outside the " << areaName << " (x " << area.x << ".."
            << area.right() << ", y " << area.y << ".." << area.bottom() << ")";
    throw TemplateError{"outside_safe_area", message.str()};
  }
}

void checkSafeArea(const TemplateSet& set) {
  const Rect safe = set.safeArea();
  const Rect frame{0, 0, kDesignWidth, kDesignHeight};
  const Rect reach = set.shadow.reach();
  const auto withShadow = [&](const Rect& box, bool shadow) {
    return shadow ? box.inflate(reach.x, reach.y, reach.width, reach.height) : box;
  };
  const char* const kSafe = "graphics-safe area";
  checkInside(safe, withShadow(set.question.box, set.question.shadow),
              "question.json: box (with its shadow)", kSafe);
  checkInside(safe, withShadow(set.guestSuper.box, set.guestSuper.shadow),
              "guest_super.json: box (with its shadow)", kSafe);
  checkInside(safe, set.logo.box, "logo.json: box", kSafe);
  checkInside(safe, withShadow(set.clock.box, set.clock.shadow),
              "clock.json: box (with its shadow)", kSafe);
  checkInside(safe, withShadow(set.qr.box, set.qr.shadow), "qr.json: box (with its shadow)", kSafe);
  if (set.ticker.barBleeds) {
    checkInside(frame, set.ticker.bar, "ticker.json: bar.box", "frame");
  } else {
    checkInside(safe, set.ticker.bar, "ticker.json: bar.box", kSafe);
  }
  checkInside(safe, set.ticker.labelBox, "ticker.json: label.box", kSafe);
  checkInside(safe, set.ticker.textBox, "ticker.json: textBox", kSafe);
  checkInside(safe, set.slate.logoBox, "slate.json: logoBox", kSafe);
  checkInside(safe, set.slate.ruleBox, "slate.json: rule.box", kSafe);
  checkInside(safe, set.slate.messageBox, "slate.json: message.box", kSafe);
}

}  // namespace

core::Result<TemplateSet> loadTemplateSet(const std::filesystem::path& dir) {
  try {
    TemplateSet set;
    Context context;
    readShow(dir, set, context);
    readQuestion(parseJson(dir / "question.json", "templates_unreadable"), context, set.question);
    readGuestSuper(parseJson(dir / "guest_super.json", "templates_unreadable"), context,
                   set.guestSuper);
    readLogo(parseJson(dir / "logo.json", "templates_unreadable"), context, set.logo);
    readClock(parseJson(dir / "clock.json", "templates_unreadable"), context, set.clock);
    readQr(parseJson(dir / "qr.json", "templates_unreadable"), context, set.qr);
    readTicker(parseJson(dir / "ticker.json", "templates_unreadable"), context, set.ticker);
    readSlate(parseJson(dir / "slate.json", "templates_unreadable"), context, set.slate);
    checkSafeArea(set);
    return set;
  } catch (const TemplateError& error) {
    return core::makeError(error.code, error.message);
  }
}

}  // namespace sporazum::overlay::detail
