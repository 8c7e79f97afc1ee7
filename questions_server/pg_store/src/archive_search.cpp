// Search: the query's clean-up and the one statement that answers it (prepared on the store's
// connection). How it ranks, and why it is shaped so (measured by bench/archive_search_bench):
//   - hits come from the episode's document (titles A, guests and topics B, descriptions C;
//     ts_rank), the set of its aired questions' lexemes (a flat score: a question matched) and,
//     for plain queries (no phrase, no -word), trigram similarity of the words to people's
//     aliases, and to the titles when nothing else matched; an episode's score is the sum;
//   - the questions' lexemes are one position-less tsvector per episode, so "which episodes"
//     is one GIN probe on 500 rows for a word in 100,000 questions; phrases are checked there as
//     plain AND (positions are gone), and then for real on the questions of the top hits only;
//   - everything that needs text (the title shown, what matched, the snippet, the matching
//     question) is computed for the top hits only, after LIMIT.

#include <cstdint>
#include <string>
#include <utility>

#include "archive_queries.hpp"
#include "sporazum/core/text.hpp"
#include "sporazum/core/utf8.hpp"

namespace sporazum::pg::detail {
namespace {

constexpr const char* kSearch = R"SQL(
WITH p AS MATERIALIZED (
  -- Plain: no phrase and no negation; only then are words also matched by similarity.
  SELECT public.archive_query($1) AS q, $1 !~ '(^|\s)-|"' AS plain
), pl AS MATERIALIZED (
  SELECT p.q, public.archive_tsquery_rewrite(p.q, 0, '&', NULL) AS loose FROM p
), anyword AS MATERIALIZED (
  SELECT public.archive_tsquery_rewrite(pl.q, 0, '|', '|') AS q FROM pl
), excluded AS MATERIALIZED (
  -- $4: the words the query excludes (-word), any of them anywhere in an episode rules it out
  -- (websearch_to_tsquery alone excludes per field: a title without the word would let through
  -- an episode whose questions have it).
  SELECT CASE WHEN $4 = '' THEN NULL
              ELSE public.archive_tsquery_rewrite(public.archive_query($4), 0, '|', '|') END AS q
), words AS MATERIALIZED (
  SELECT DISTINCT w.w FROM p, regexp_split_to_table(public.archive_fold($1), '[^[:alnum:]]+') AS w(w)
   WHERE p.plain AND char_length(w.w) BETWEEN 3 AND 40
   LIMIT 16
), found AS (
  SELECT d.episode_id, ts_rank('{0.2, 0.2, 0.4, 1.0}', d.doc, pl.q) AS score, 1 AS kind,
         NULL::bigint[] AS persons
    FROM archive_search_docs d, pl WHERE d.doc @@ pl.q
  UNION ALL
  SELECT t.episode_id, 0.15::real, 2, NULL FROM archive_question_terms t, pl
   WHERE t.terms @@ pl.loose
  UNION ALL
  SELECT ap.episode_id, max(word_similarity(words.w, a.folded)) * 0.3, 4,
         array_agg(DISTINCT a.person_id)
    FROM words JOIN person_aliases a ON words.w <% a.folded
    JOIN appearances ap ON ap.person_id = a.person_id
   GROUP BY ap.episode_id
), fuzzy AS (
  -- Titles by similarity, only when nothing else matched (a typo in a title word).
  SELECT d.episode_id, max(word_similarity(words.w, d.titles_folded)) * 0.3 AS score, 8 AS kind,
         NULL::bigint[] AS persons
    FROM words JOIN archive_search_docs d ON words.w <% d.titles_folded
   WHERE NOT EXISTS (SELECT 1 FROM found)
   GROUP BY d.episode_id
), hits AS (
  SELECT * FROM found UNION ALL SELECT * FROM fuzzy
), top AS (
  SELECT h.episode_id, sum(h.score) AS score, bit_or(h.kind) AS kinds, max(h.persons) AS persons,
         e.number, e.air_date
    FROM hits h JOIN episodes e ON e.id = h.episode_id
   -- $3: only episodes that aired (the public archive: planned shows are not announced here).
   WHERE (NOT $3 OR e.state IN ('aired', 'archived'))
     AND NOT EXISTS (SELECT 1 FROM excluded x, archive_search_docs xd
                      WHERE x.q IS NOT NULL AND xd.episode_id = h.episode_id AND xd.doc @@ x.q)
     AND NOT EXISTS (SELECT 1 FROM excluded x, archive_question_terms xt
                      WHERE x.q IS NOT NULL AND xt.episode_id = h.episode_id AND xt.terms @@ x.q)
   GROUP BY h.episode_id, e.number, e.air_date
   ORDER BY score DESC, e.air_date DESC, e.number DESC
   LIMIT $2
)
SELECT top.number, to_char(top.air_date, 'YYYY-MM-DD'), top.score, COALESCE(tt.lang, ''),
       COALESCE(tt.text, ''), m.field,
       CASE m.field
         WHEN 'title' THEN public.archive_headline(tt.lang, tt.text, pl.q)
         WHEN 'guest' THEN (
           SELECT concat_ws(' — ', g.name, NULLIF(concat_ws(', ', NULLIF(g.role, ''), NULLIF(g.party, '')), ''))
             FROM (SELECT ap.position, p.name, ap.role, ap.party,
                          -- The people found by similarity are known; only without them is
                          -- each guest's text searched (to_tsvector is the costly part).
                          CASE WHEN ap.person_id = ANY(top.persons) THEN true
                               WHEN top.persons IS NOT NULL THEN false
                               ELSE public.archive_tsvector(NULL, concat_ws(' ', p.name, ap.role,
                                      ap.party, (SELECT string_agg(a.alias, ' ')
                                                   FROM person_aliases a
                                                  WHERE a.person_id = p.id))) @@ pl.q
                          END AS matched
                     FROM appearances ap JOIN people p ON p.id = ap.person_id
                    WHERE ap.episode_id = top.episode_id
                   UNION ALL
                   SELECT g.position, g.name, g.role, '',
                          public.archive_tsvector(NULL, concat_ws(' ', g.name, g.role)) @@ pl.q
                     FROM episode_guests g
                    WHERE g.episode_id = top.episode_id
                      AND NOT EXISTS (SELECT 1 FROM appearances ap WHERE ap.episode_id = top.episode_id)) g
            ORDER BY g.matched DESC, g.position LIMIT 1)
         WHEN 'topic' THEN (
           SELECT t.topic FROM episode_topics t WHERE t.episode_id = top.episode_id
            ORDER BY public.archive_tsvector(NULL, t.topic) @@ pl.q DESC, t.position LIMIT 1)
         WHEN 'description' THEN (
           SELECT public.archive_headline(t.lang, t.text, pl.q) FROM episode_texts t
            WHERE t.episode_id = top.episode_id AND t.kind = 'description'
            ORDER BY public.archive_tsvector(t.lang, t.text) @@ pl.q DESC,
                     array_position(ARRAY['sr-Latn', 'sr-Cyrl', 'sq', 'en'], t.lang) LIMIT 1)
         WHEN 'question' THEN public.archive_headline(q.language, COALESCE(q.air_text, q.body), pl.q)
       END AS snippet,
       -- The question only when it is what matched (a hint for a link to it).
       CASE WHEN m.field = 'question' THEN COALESCE(fq.question_id, 0) ELSE 0 END
  FROM top
  CROSS JOIN pl
  LEFT JOIN archive_search_docs d ON d.episode_id = top.episode_id
  LEFT JOIN LATERAL (
    SELECT x.lang, x.text, public.archive_tsvector(x.lang, x.text) @@ pl.q AS matched
      FROM (SELECT t.lang, t.text,
                   array_position(ARRAY['sr-Latn', 'sr-Cyrl', 'sq', 'en'], t.lang) AS o
              FROM episode_texts t WHERE t.episode_id = top.episode_id AND t.kind = 'title'
            UNION ALL
            SELECT NULL, e.title, 5 FROM episodes e WHERE e.id = top.episode_id) x
     ORDER BY 3 DESC, x.o LIMIT 1) tt ON true
  LEFT JOIN LATERAL (
    SELECT qd.question_id FROM archive_question_docs qd
     -- Only for episodes found by their questions alone; IS TRUE keeps the planner from
     -- ANDing the GIN index in, which reads a common word's whole posting list (26 ms) where
     -- walking the episode's questions in order stops at the first match.
     WHERE (top.kinds & 3) = 2 AND qd.episode_id = top.episode_id AND (qd.tsv @@ pl.q) IS TRUE
     ORDER BY qd.question_id LIMIT 1) fq ON true
  LEFT JOIN questions q ON q.id = fq.question_id
  CROSS JOIN LATERAL (
    SELECT CASE
      WHEN tt.matched THEN 'title'
      WHEN d.people_tsv @@ pl.q OR (top.kinds & 4) <> 0 THEN 'guest'
      WHEN d.topics_tsv @@ pl.q THEN 'topic'
      WHEN d.description_tsv @@ pl.q THEN 'description'
      WHEN fq.question_id IS NOT NULL THEN 'question'
      WHEN (top.kinds & 8) <> 0 THEN 'title'
      -- Words matched across fields: the first field with any of them (an InitPlan, computed
      -- only when a hit gets this far).
      WHEN d.title_tsv @@ (SELECT q FROM anyword) THEN 'title'
      WHEN d.people_tsv @@ (SELECT q FROM anyword) THEN 'guest'
      WHEN d.topics_tsv @@ (SELECT q FROM anyword) THEN 'topic'
      WHEN d.description_tsv @@ (SELECT q FROM anyword) THEN 'description'
      ELSE 'question' END AS field) m
 WHERE NOT (top.kinds = 2 AND fq.question_id IS NULL)
 ORDER BY top.score DESC, top.air_date DESC, top.number DESC
)SQL";

std::optional<SearchField> fieldNamed(std::string_view name) {
  for (SearchField f : {SearchField::Title, SearchField::Guest, SearchField::Topic,
                        SearchField::Description, SearchField::Question}) {
    if (toString(f) == name) return f;
  }
  return std::nullopt;
}

}  // namespace

const char* archiveSearchSql() {
  return kSearch;
}

/// The words a cleaned query excludes ("-word" outside quotes), space-separated, and whether it
/// has anything left to look for.
std::pair<std::string, bool> exclusionsOf(std::string_view cleaned) {
  std::string excluded;
  bool hasPositive = false;
  bool isQuoted = false;
  std::size_t pos = 0;
  while (pos < cleaned.size()) {
    if (cleaned[pos] == ' ') {
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    while (pos < cleaned.size() && (isQuoted || cleaned[pos] != ' ')) {
      if (cleaned[pos] == '"') isQuoted = !isQuoted;
      ++pos;
    }
    std::string_view token = cleaned.substr(start, pos - start);
    if (token.front() == '-') {
      while (!token.empty() && (token.front() == '-' || token.front() == '"'))
        token.remove_prefix(1);
      while (!token.empty() && token.back() == '"')
        token.remove_suffix(1);
      if (!token.empty()) excluded += (excluded.empty() ? "" : " ") + std::string(token);
      continue;
    }
    const bool isOr = token.size() == 2 && (token[0] == 'o' || token[0] == 'O') &&
                      (token[1] == 'r' || token[1] == 'R');
    if (!isOr && token.find_first_not_of("\"") != std::string_view::npos) hasPositive = true;
  }
  return {excluded, hasPositive};
}

core::Result<CleanQuery> cleanSearchQuery(std::string_view query) {
  if (!core::isValidUtf8(query)) {
    return core::makeError("invalid_utf8", "the query is not UTF-8", "query");
  }
  // Control characters (NUL included) become spaces, runs of spaces one space.
  std::string cleaned;
  std::size_t codePoints = 0;
  for (std::size_t pos = 0; pos < query.size();) {
    const std::size_t start = pos;
    const char32_t cp = core::decodeUtf8(query, pos);
    const bool space = cp < 0x20 || cp == 0x7F || cp == ' ' || (cp >= 0x80 && cp < 0xA0);
    if (space) {
      if (!cleaned.empty() && cleaned.back() != ' ') {
        cleaned.push_back(' ');
        ++codePoints;
      }
      continue;
    }
    cleaned.append(query.substr(start, pos - start));
    ++codePoints;
  }
  if (!cleaned.empty() && cleaned.back() == ' ') {
    cleaned.pop_back();
    --codePoints;
  }
  if (cleaned.empty()) return core::makeError("empty_query", "nothing to search for", "query");
  if (codePoints > kMaxSearchQueryChars) {
    return core::makeError("query_too_long", "a query has at most 500 characters", "query");
  }
  auto [excluded, hasPositive] = exclusionsOf(cleaned);
  if (!hasPositive) {
    return core::makeError("empty_query", "a query needs a word to look for, not only -words",
                           "query");
  }
  return CleanQuery{std::move(cleaned), std::move(excluded)};
}

std::vector<SearchHit> runSearch(pqxx::transaction_base& txn, const CleanQuery& query,
                                 std::size_t limit, bool isAiredOnly) {
  std::vector<SearchHit> hits;
  for (const auto& r :
       txn.exec_prepared(kArchiveSearchStatement, query.text, static_cast<std::int64_t>(limit),
                         isAiredOnly, query.excluded)) {
    SearchHit hit;
    hit.number = r[0].as<std::int64_t>();
    hit.airDate = r[1].as<std::string>();
    hit.score = r[2].as<double>();
    hit.titleLang = r[3].as<std::string>();
    hit.title = r[4].as<std::string>();
    hit.matchedIn = fieldNamed(r[5].as<std::string>()).value_or(SearchField::Title);
    hit.snippet = r[6].is_null() ? std::string() : r[6].as<std::string>();
    hit.questionId = r[7].as<std::int64_t>();
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace sporazum::pg::detail
