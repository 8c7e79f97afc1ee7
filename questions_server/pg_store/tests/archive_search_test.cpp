// Archive search on a real PostgreSQL: Serbian Cyrillic and Latin find each other, diacritics are
// optional, names are found despite spelling variants, aired questions are searched, phrases keep
// their order, the index follows edits, and no input breaks the query.

#include "pg_test_support.hpp"
#include "sporazum/pg/archive_store.hpp"

namespace sporazum::pg::testing {
namespace {

const core::StaffIdentity kCli{0, "cli", "cli", core::StaffRole::Admin};

class ArchiveSearch : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    migrate(uri(), migrationsDir());
    store_ = std::make_unique<ArchiveStore>(uri());
    bridgeQuestion_ = show(101, {{"Александар Вучић", "predsednik Srbije"}, {"Albin Kurti", ""}},
                           {"Đakovica"}, "Када ће бити отворен мост на Ибру?", "sr");
    edit(101, {{"sr-Cyrl", "Дијалог о Ђаковици"}, {"sr-Latn", "Dijalog o Đakovici"}}, {});
    show(102, {{"Vjosa Osmani", ""}}, {}, "Kur do të hapet ura mbi Ibër?", "sq");
    edit(102, {{"sq", "Zgjedhjet në Kosovë"}, {"en", "Elections in Kosovo"}},
         {{"sq", "Kryeministri i Kosovës foli për çështjen e dialogut."}});
    show(103, {}, {}, "When will the bridges open for cars?", "en");
    edit(103, {{"en", "The bridge over the Ibar"}}, {});
    ASSERT_TRUE(store_->recordIngest(101, ingest(101), kCli));  // 101's guests become people
  }

  /// An episode that ran with one aired question; returns the question's id.
  std::int64_t show(std::int64_t number, std::vector<core::Guest> guests,
                    std::vector<std::string> topics, const std::string& question,
                    const std::string& language) {
    core::EpisodeDraft d{0,
                         number,
                         "Sporazum " + std::to_string(number),
                         "2026-11-23",
                         std::move(guests),
                         std::move(topics)};
    auto saved = saveEpisode(uri(), d);
    EXPECT_TRUE(saved) << saved.error().message;
    EXPECT_TRUE(startEpisode(uri(), number));
    const auto id = std::stoll(
        scalar("INSERT INTO questions (client_id, episode_id, body, state, language) VALUES ('" +
               randomUuid() + "', " + std::to_string(saved->id) + ", '" + question +
               "', 'aired', '" + language + "') RETURNING id"));
    EXPECT_TRUE(endEpisode(uri(), number));
    return id;
  }

  void edit(std::int64_t number, std::map<std::string, std::string> titles,
            std::map<std::string, std::string> descriptions) {
    ArchiveMetadataPatch patch;
    patch.titles = std::move(titles);
    patch.descriptions = std::move(descriptions);
    const auto edited = store_->updateEpisodeMetadata(number, patch, kCli);
    EXPECT_TRUE(edited) << edited.error().code << " " << edited.error().field;
  }

  static core::IngestResult ingest(std::int64_t number) {
    core::IngestResult r;
    r.master.role = core::MediaRole::ProgrammeMaster;
    r.master.location = "/archive/" + std::to_string(number) + ".ts";
    r.master.sha256 = std::string(64, 'a');
    r.loudness = {-23, 6, -1};
    return r;
  }

  /// "number field" of each hit, best first; or the error code.
  std::vector<std::string> find(const std::string& query) {
    const auto hits = store_->search(query, 10);
    if (!hits) return {hits.error().code};
    std::vector<std::string> out;
    for (const auto& h : *hits) {
      out.push_back(std::to_string(h.number) + " " + std::string(toString(h.matchedIn)));
    }
    return out;
  }

  std::string first(const std::string& query) {
    const auto all = find(query);
    return all.empty() ? "none" : all.front();
  }

  std::unique_ptr<ArchiveStore> store_;
  std::int64_t bridgeQuestion_ = 0;
};

TEST_F(ArchiveSearch, CyrillicAndLatinSerbianFindEachOther) {
  for (const char* query : {"Ђаковица", "Đakovica", "Djakovica", "ĐAKOVICA", "ђаковици"}) {
    EXPECT_EQ(first(query), "101 title") << query;
  }
  const auto hits = store_->search("Ђаковица", 10);
  ASSERT_TRUE(hits && !hits->empty());
  EXPECT_EQ(hits->front().title, "Dijalog o Đakovici");
  EXPECT_EQ(hits->front().titleLang, "sr-Latn");
  EXPECT_EQ(hits->front().snippet, "Dijalog o «Djakovici»") << "Serbian snippets are Latin";
}

TEST_F(ArchiveSearch, AlbanianWithoutDiacriticsFindsAlbanianWithThem) {
  EXPECT_EQ(first("Kosoves"), "102 title");
  EXPECT_EQ(first("Kosovës"), "102 title");
  EXPECT_EQ(find("ceshtjen"), std::vector<std::string>{"102 description"});
  const auto hits = store_->search("ceshtjen", 10);
  EXPECT_NE(hits->front().snippet.find("«çështjen»"), std::string::npos) << hits->front().snippet;
}

TEST_F(ArchiveSearch, NamesAreFoundDespiteSpellingVariants) {
  for (const char* query : {"Vučić", "Vucic", "Вучић", "VUCIC", "Vuçiq", "Vucicc", "Aleksandar"}) {
    EXPECT_EQ(find(query), std::vector<std::string>{"101 guest"}) << query;
  }
  const auto hits = store_->search("Vuçiq", 10);
  EXPECT_EQ(hits->front().snippet, "Александар Вучић — predsednik Srbije");
  EXPECT_EQ(first("Kurti"), "101 guest");
  EXPECT_EQ(first("Osmani"), "102 guest") << "a planned guest, not yet a person";
}

TEST_F(ArchiveSearch, AiredQuestionsAreSearchedAndShown) {
  const auto hits = store_->search("most na Ibru", 10);
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->size(), 1U);
  EXPECT_EQ(hits->front().number, 101);
  EXPECT_EQ(hits->front().matchedIn, SearchField::Question);
  EXPECT_EQ(hits->front().questionId, bridgeQuestion_);
  EXPECT_NE(hits->front().snippet.find("«most»"), std::string::npos) << hits->front().snippet;
  EXPECT_EQ(first("мост"), "101 question");
  EXPECT_EQ(first("hapet"), "102 question");
  const auto bridges = find("bridges");
  ASSERT_EQ(bridges.size(), 1U);
  EXPECT_EQ(bridges[0], "103 title") << "the title ranks over the question";
}

TEST_F(ArchiveSearch, PhrasesKeepTheirOrderAndNegationExcludes) {
  EXPECT_EQ(first("\"most na Ibru\""), "101 question");
  EXPECT_EQ(first("\"Ibru na most\""), "none");
  EXPECT_EQ(first("\"Dijalog o Đakovici\""), "101 title");
  EXPECT_EQ(first("Đakovica -Kurti"), "none");
  EXPECT_EQ(find("Kosovo OR Đakovica").size(), 2U);
}

TEST_F(ArchiveSearch, AnExcludedWordRulesOutTheEpisodeWhereverItIs) {
  // 101: "Dijalog o Đakovici" with the question "мост на Ибру"; 103: "The bridge over the Ibar".
  EXPECT_EQ(first("Ibru"), "101 question");
  EXPECT_EQ(first("Ibru -Dijalog"), "none") << "excluded by its title, found by its question";
  EXPECT_EQ(first("Đakovica -most"), "none") << "excluded by its question, found by its title";
  EXPECT_EQ(first("Đakovica -мост"), "none") << "the excluded word in the other script";
  EXPECT_EQ(first("Đakovica -Osmani"), "101 title") << "a word elsewhere excludes nothing here";
  EXPECT_EQ(find("bridge OR Đakovica -Ibru"), std::vector<std::string>{"103 title"});
  // Only excluded words leave nothing to look for.
  for (const char* query : {"-most", "-most -Ibru", "-\"most na Ibru\"", "- -most OR -Ibru"}) {
    EXPECT_EQ(first(query), "empty_query") << query;
  }
}

TEST_F(ArchiveSearch, ATypoInATitleIsFoundWhenNothingElseMatches) {
  EXPECT_EQ(first("Djakovca"), "101 title");
  EXPECT_EQ(first("Zgjedhjte"), "102 title");
  EXPECT_EQ(first("Eletcions"), "none") << "too far from any title (similarity 0.43)";
}

TEST_F(ArchiveSearch, TheIndexFollowsEditsAndTheStudiosGuests) {
  EXPECT_EQ(first("Zvečan"), "none");
  edit(103, {{"sr-Latn", "Voda za Zvečan"}}, {});
  EXPECT_EQ(first("Zvecan"), "103 title");
  edit(103, {{"sr-Latn", ""}}, {});
  EXPECT_EQ(first("Zvecan"), "none");

  ASSERT_TRUE(saveEpisode(
      uri(), core::EpisodeDraft{
                 0, 104, "Sporazum 104", "2026-12-07", {{"Ана Брнабић", "premijerka"}}, {}}));
  EXPECT_EQ(first("Brnabic"), "104 guest");
  ArchiveMetadataPatch topics;
  topics.topics = std::vector<std::string>{"vodovod"};
  ASSERT_TRUE(store_->updateEpisodeMetadata(104, topics, kCli));
  EXPECT_EQ(first("vodovod"), "104 topic");
}

TEST_F(ArchiveSearch, NoInputBreaksTheQuery) {
  const std::vector<std::string> hostile = {"\"",
                                            "'",
                                            "\\",
                                            "''",
                                            "&",
                                            "|",
                                            "!",
                                            ":",
                                            "*",
                                            "(",
                                            ")",
                                            "&|!:*()",
                                            "a & b",
                                            "a | !b",
                                            "a:*",
                                            "'a':*",
                                            "a <-> b",
                                            "<2>",
                                            "((((",
                                            "))))",
                                            "\"\"\"",
                                            "-",
                                            "--",
                                            "- -a",
                                            "OR",
                                            "or or or",
                                            "-\"a b\"",
                                            "\"a -b\"",
                                            "ä\tb\nc",
                                            "x\x01y\x7fz",
                                            "%",
                                            "_",
                                            "$1",
                                            "; DROP TABLE episodes; --",
                                            "\xc2\xa0",
                                            "Vučić & | ! : * ( )",
                                            "'Ђаковица' :* <-> !",
                                            "a\\:*",
                                            "::::"};
  for (const auto& query : hostile) {
    const auto hits = store_->search(query, 10);
    if (!hits) {
      EXPECT_EQ(hits.error().code, "empty_query") << query;
    }
  }
  EXPECT_EQ(store_->search("", 10).error().code, "empty_query");
  EXPECT_EQ(store_->search("   \t\n ", 10).error().code, "empty_query");
  EXPECT_EQ(store_->search(std::string(10240, 'a'), 10).error().code, "query_too_long");
  EXPECT_TRUE(store_->search(std::string(10240, ' ') + "Vucic", 10)) << "spaces fold";
  EXPECT_EQ(store_->search("\xff\xfe", 10).error().code, "invalid_utf8");
  EXPECT_EQ(store_->search(std::string("Vu\0cic", 6), 10).ok(), true);
  std::string many;
  for (int i = 0; i < 90; ++i)
    many += "w" + std::to_string(i) + " ";
  EXPECT_TRUE(store_->search(many, 10));
  EXPECT_EQ(store_->search("Vucic", 0).error().code, "bad_limit");
  EXPECT_EQ(store_->search("Vucic", 101).error().code, "bad_limit");
  EXPECT_EQ(first("Vucic"), "101 guest") << "the store still works";
}

}  // namespace
}  // namespace sporazum::pg::testing
