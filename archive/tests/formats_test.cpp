// The archive CLI's output formats: XML that a viewer's text cannot break, the progress line.

#include <gtest/gtest.h>

#include <cstdio>

#include "sporazum/archive/progress.hpp"
#include "sporazum/archive/xml_writer.hpp"

namespace sporazum::archive {
namespace {

TEST(Xml, MarkupInTextIsEscaped) {
  EXPECT_EQ(xmlEscape("<b>3 < 5 & \"true\"</b>"),
            "&lt;b&gt;3 &lt; 5 &amp; &quot;true&quot;&lt;/b&gt;");
  EXPECT_EQ(xmlEscape("it's"), "it&apos;s");
  EXPECT_EQ(xmlEscape("Ђаковица – Kosovës"), "Ђаковица – Kosovës");
}

TEST(Xml, WhatXmlCannotCarryIsReplaced) {
  EXPECT_EQ(xmlEscape(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(xmlEscape("bell\x07"), "bell\xEF\xBF\xBD");
  EXPECT_EQ(xmlEscape("\xC3"), "\xEF\xBF\xBD") << "a cut UTF-8 sequence";
  EXPECT_EQ(xmlEscape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "an overlong '/'";
  EXPECT_EQ(xmlEscape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")
      << "a surrogate: one replacement per byte, as browsers do";
  EXPECT_EQ(xmlEscape("\xEF\xBF\xBE"), "\xEF\xBF\xBD") << "U+FFFE is no XML character";
  EXPECT_EQ(xmlEscape("tab\tnewline\n"), "tab\tnewline\n");
  EXPECT_EQ(xmlEscape("\xF0\x9F\x99\x82"), "\xF0\x9F\x99\x82") << "an emoji is fine";
}

TEST(Xml, ElementsNestAndClose) {
  XmlWriter xml;
  xml.open("ebucore:ebuCoreMain", {{"xmlns:ebucore", "urn:ebu:metadata-schema:ebucore"}})
      .open("ebucore:coreMetadata")
      .element("dc:title", "Sporazum <7>", {{"xml:lang", "sr-Latn"}})
      .element("dc:description", "")
      .close()
      .close();
  EXPECT_EQ(xml.depth(), 0);
  EXPECT_EQ(xml.document(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<ebucore:ebuCoreMain xmlns:ebucore=\"urn:ebu:metadata-schema:ebucore\">\n"
            "  <ebucore:coreMetadata>\n"
            "    <dc:title xml:lang=\"sr-Latn\">Sporazum &lt;7&gt;</dc:title>\n"
            "  </ebucore:coreMetadata>\n"
            "</ebucore:ebuCoreMain>\n");
}

TEST(Progress, TheLineShowsTheFraction) {
  EXPECT_EQ(progressLine("ingest", 0.5, 10), "ingest [#####.....]  50%");
  EXPECT_EQ(progressLine("ingest", 1.7, 4), "ingest [####] 100%");
  EXPECT_EQ(progressLine("ingest", -1, 4), "ingest [....]   0%");
  EXPECT_EQ(progressLine("ingest", 0.0 / 0.0, 4), "ingest [....]   0%");
}

TEST(Progress, NothingIsDrawnWhenTheOutputIsNoTerminal) {
  char buffer[256] = {};
  std::FILE* out = fmemopen(buffer, sizeof buffer, "w");
  ASSERT_NE(out, nullptr);
  {
    TerminalProgress progress(out, "verify", false);
    progress.update(0.3);
    progress.finish();
  }
  std::fclose(out);
  EXPECT_STREQ(buffer, "");
  out = fmemopen(buffer, sizeof buffer, "w");
  {
    TerminalProgress progress(out, "verify", true);
    progress.update(0.3);
    progress.finish();
  }
  std::fclose(out);
  EXPECT_NE(std::string(buffer).find("verify [##############################] 100%\n"),
            std::string::npos)
      << buffer;
}

}  // namespace
}  // namespace sporazum::archive
