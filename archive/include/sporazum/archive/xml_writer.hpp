#pragma once
// A small streaming XML writer for the EBUCore export: elements, attributes and text, escaped;
// characters XML 1.0 cannot carry (control characters, invalid UTF-8) become U+FFFD, so a
// viewer's text can never break the document.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sporazum::archive {

class XmlWriter {
 public:
  using Attributes = std::vector<std::pair<std::string, std::string>>;

  XmlWriter();

  /// <name attributes…>; must be closed with close().
  XmlWriter& open(std::string_view name, const Attributes& attributes = {});
  /// <name attributes…>text</name>; nothing when `text` is empty and there are no attributes.
  XmlWriter& element(std::string_view name, std::string_view text,
                     const Attributes& attributes = {});
  XmlWriter& close();

  /// The document; every open element must have been closed.
  const std::string& document() const { return out_; }
  int depth() const { return static_cast<int>(open_.size()); }

 private:
  void indent();
  void writeStartTag(std::string_view name, const Attributes& attributes);

  std::string out_;
  std::vector<std::string> open_;
};

/// `text` escaped for XML content and attribute values, with what XML 1.0 forbids replaced.
std::string xmlEscape(std::string_view text);

}  // namespace sporazum::archive
