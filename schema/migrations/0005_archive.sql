-- 0005: the episode archive — episodes archived with their texts in four languages, the people
-- who appeared (with role and party per appearance), the questions that aired with their
-- timecodes, the media files (master, proxy, thumbnails) with probe, SHA-256, loudness and
-- chapters, fixity checks, and full-text search across Serbian (Cyrillic and Latin), Albanian
-- and English. Never edit once applied.
--
-- Vocabulary: the names follow EBUCore (EBU Tech 3293) where it has one; the export maps them
-- (title, description, contributor, affiliation, publicationEvent, part, format, hash,
-- loudnessMetadata).
--
-- Privacy: the archive stores no viewer data of its own. Aired questions are read from
-- `questions` (the viewer's name only with consent, and retention and erasure apply there); the
-- search documents hold the lexemes of a question's text for air, never a name or municipality.

-- unaccent and pg_trgm are trusted extensions in PostgreSQL 13+: the database owner may create
-- them without superuser rights (postgresql-contrib must be installed).
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- ---- folding and text search configurations ----------------------------------------------------
-- Every name below is schema-qualified: index expressions are also evaluated by ANALYZE, VACUUM
-- and restores, which run with search_path = pg_catalog.

-- Serbian Cyrillic to Latin, letter by letter (Љ, Њ and Џ become two letters; Ђ becomes Đ).
CREATE FUNCTION public.sr_cyr2lat(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT translate(
           replace(replace(replace(replace(replace(replace(t,
             'Љ', 'Lj'), 'љ', 'lj'), 'Њ', 'Nj'), 'њ', 'nj'), 'Џ', 'Dž'), 'џ', 'dž'),
           'АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш',
           'ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠabvgdđežzijklmnoprstćufhcčš')
$$;

-- What every Serbian text goes through before text search: Latin script, and đ written dj. The
-- Serbian stemmer turns dj back into đ after unaccent has run, so Ђаковица, Đakovica and
-- Djakovica all become the lexeme 'đakovic' (unaccent alone would make Đakovica 'dakovic').
CREATE FUNCTION public.sr_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT replace(replace(public.sr_cyr2lat(t), 'đ', 'dj'), 'Đ', 'Dj')
$$;

-- unaccent() is STABLE (its dictionary could change); this wrapper is IMMUTABLE so that it can
-- be used in indexes and generated columns. Changing unaccent.rules means rebuilding them.
CREATE FUNCTION public.f_unaccent(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT public.unaccent('public.unaccent'::regdictionary, t)
$$;

-- The form names and titles are compared in by trigram similarity: Latin, no diacritics, lower
-- case ('Вучић', 'Vučić', 'Vucic' → 'vucic'; 'Vuçiq' → 'vuciq', similar enough).
CREATE FUNCTION public.archive_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT lower(public.f_unaccent(public.sr_fold(t)))
$$;

-- Serbian: unaccent, then the Snowball stemmer (PostgreSQL 15 ships it; no stop words).
CREATE TEXT SEARCH CONFIGURATION public.sr_unaccent (COPY = pg_catalog.serbian);
ALTER TEXT SEARCH CONFIGURATION public.sr_unaccent
  ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.serbian_stem;
-- Albanian: PostgreSQL has no Albanian stemmer; words are kept whole, without diacritics
-- (Kosovës → kosoves).
CREATE TEXT SEARCH CONFIGURATION public.sq_unaccent (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION public.sq_unaccent
  ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.simple;

-- The lexemes of a text in its language (a BCP 47 tag, or a question's detected language). A
-- text of unknown language is read in all three configurations.
CREATE FUNCTION public.archive_tsvector(lang text, t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN t IS NULL THEN ''::tsvector
    WHEN lang IN ('sr', 'sr-Latn', 'sr-Cyrl')
      THEN to_tsvector('public.sr_unaccent'::regconfig, public.sr_fold(t))
    WHEN lang = 'sq' THEN to_tsvector('public.sq_unaccent'::regconfig, public.sr_fold(t))
    WHEN lang = 'en' THEN to_tsvector('pg_catalog.english'::regconfig, t)
    ELSE to_tsvector('public.sr_unaccent'::regconfig, public.sr_fold(t))
      || to_tsvector('public.sq_unaccent'::regconfig, public.sr_fold(t))
      || to_tsvector('pg_catalog.english'::regconfig, t)
  END
$$;

CREATE AGGREGATE public.archive_tsvector_agg(tsvector) (
  SFUNC = pg_catalog.tsvector_concat, STYPE = tsvector, INITCOND = '');

-- Rewrites a tsquery token by token (its text form: quoted lexemes, operators, parentheses):
-- lexemes of at least prefix_min characters become prefixes (0: none), phrase operators become
-- phrase_op and '&' becomes and_op (NULL: unchanged). Used on the output of
-- websearch_to_tsquery only, so the text is always well formed.
CREATE FUNCTION public.archive_tsquery_rewrite(q tsquery, prefix_min integer, phrase_op text,
                                               and_op text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  token text;
  lexeme text;
  rewritten text := '';
BEGIN
  IF q IS NULL THEN
    RETURN NULL;
  END IF;
  FOR token IN
    SELECT m[1]
      FROM regexp_matches(q::text, $re$('(?:[^']|'')*'(?::[*A-D]+)?|<(?:-|[0-9]+)>|[&|!()])$re$,
                          'g') AS m
  LOOP
    IF left(token, 1) = '''' THEN
      lexeme := substring(token FROM $re$^'(?:[^']|'')*'$re$);
      IF prefix_min > 0 AND lexeme = token AND char_length(lexeme) - 2 >= prefix_min THEN
        token := lexeme || ':*';
      END IF;
    ELSIF left(token, 1) = '<' THEN
      token := COALESCE(phrase_op, token);
    ELSIF token = '&' THEN
      token := COALESCE(and_op, token);
    END IF;
    rewritten := rewritten || ' ' || token;
  END LOOP;
  IF rewritten = '' THEN
    RETURN ''::tsquery;
  END IF;
  RETURN rewritten::tsquery;
END
$$;

-- The query for what a person typed (web search syntax: words, "phrases", or, -not): Serbian
-- (either script, with or without diacritics), Albanian and English, OR'ed; plus Serbian words of
-- four letters or more as prefixes, which covers the stemmer's asymmetries (dijalog → 'dijal'
-- but dijalogu → 'dijalog'). websearch_to_tsquery never raises a syntax error.
CREATE FUNCTION public.archive_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT s.sr || websearch_to_tsquery('public.sq_unaccent'::regconfig, s.folded)
           || websearch_to_tsquery('pg_catalog.english'::regconfig, q)
           || public.archive_tsquery_rewrite(s.sr, 4, NULL, NULL)
    FROM (SELECT public.sr_fold(q) AS folded,
                 websearch_to_tsquery('public.sr_unaccent'::regconfig, public.sr_fold(q)) AS sr) s
$$;

-- A plain-text snippet of a text around what matched, the matches «marked». Serbian is shown in
-- its folded form (Latin, đ as dj): that is the form the query's lexemes match.
CREATE FUNCTION public.archive_headline(lang text, t text, q tsquery) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN t IS NULL THEN NULL
    WHEN lang IN ('sr', 'sr-Latn', 'sr-Cyrl')
         OR (lang IS DISTINCT FROM 'sq' AND lang IS DISTINCT FROM 'en'
             AND to_tsvector('public.sr_unaccent'::regconfig, public.sr_fold(t)) @@ q)
      THEN ts_headline('public.sr_unaccent'::regconfig, public.sr_fold(t), q, o.options)
    WHEN lang = 'sq'
         OR (lang IS DISTINCT FROM 'en'
             AND to_tsvector('public.sq_unaccent'::regconfig, public.sr_fold(t)) @@ q)
      THEN ts_headline('public.sq_unaccent'::regconfig, public.sr_fold(t), q, o.options)
    ELSE ts_headline('pg_catalog.english'::regconfig, t, q, o.options)
  END
  FROM (SELECT 'StartSel=«, StopSel=», MaxWords=20, MinWords=8, ShortWord=2, MaxFragments=2, '
               'FragmentDelimiter=" … "'::text AS options) o
$$;

-- ---- episodes: archived state, air time, duration, texts per language -------------------------

ALTER TABLE episodes
  DROP CONSTRAINT episodes_state_check,
  ADD CONSTRAINT episodes_state_check CHECK (state IN ('planned', 'live', 'aired', 'archived')),
  DROP CONSTRAINT episodes_ended_at_check,
  ADD CONSTRAINT episodes_ended_at_check
    CHECK ((state IN ('aired', 'archived')) = (ended_at IS NOT NULL)),
  -- The scheduled start on air_date, in the broadcaster's local time (Europe/Belgrade).
  ADD COLUMN air_time time CONSTRAINT episodes_air_time_check
    CHECK (air_time = date_trunc('second', air_time)),
  -- The programme's running time: from the master's probe at ingest, or as edited.
  ADD COLUMN duration_seconds numeric(10, 3) CONSTRAINT episodes_duration_seconds_check
    CHECK (duration_seconds > 0 AND duration_seconds < 86400),
  ADD COLUMN archived_at timestamptz,
  -- Bumped by every archive metadata edit; an edit based on an older version is a conflict.
  ADD COLUMN archive_version integer NOT NULL DEFAULT 1 CONSTRAINT episodes_archive_version_check
    CHECK (archive_version >= 1),
  ADD CONSTRAINT episodes_archived_at_check CHECK ((state = 'archived') = (archived_at IS NOT NULL));

-- Titles and descriptions, one row per language and kind: a language without a text has no row,
-- and a fifth language is data, not a migration. episodes.title stays the studio's working title.
CREATE TABLE episode_texts (
  episode_id bigint NOT NULL CONSTRAINT episode_texts_episode_id_fkey REFERENCES episodes (id)
    ON DELETE CASCADE,
  lang text NOT NULL CONSTRAINT episode_texts_lang_check
    CHECK (lang IN ('sr-Latn', 'sr-Cyrl', 'sq', 'en')),
  kind text NOT NULL CONSTRAINT episode_texts_kind_check CHECK (kind IN ('title', 'description')),
  text text NOT NULL CONSTRAINT episode_texts_text_check CHECK (
    char_length(text) BETWEEN 1 AND CASE kind WHEN 'title' THEN 200 ELSE 4000 END),
  CONSTRAINT episode_texts_pkey PRIMARY KEY (episode_id, kind, lang)
);

-- ---- people and their appearances -------------------------------------------------------------

-- A person who appeared on the show. name is how the archive shows them (as first written).
CREATE TABLE people (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT people_pkey PRIMARY KEY,
  name text NOT NULL CONSTRAINT people_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every spelling of a person's name (Вучић, Vučić, Vucic, Vuçiq): all are searched, the folded
-- form by trigram similarity, and a guest is matched to a person by it.
CREATE TABLE person_aliases (
  person_id bigint NOT NULL CONSTRAINT person_aliases_person_id_fkey REFERENCES people (id)
    ON DELETE CASCADE,
  alias text NOT NULL CONSTRAINT person_aliases_alias_check
    CHECK (char_length(alias) BETWEEN 1 AND 200),
  folded text GENERATED ALWAYS AS (public.archive_fold(alias)) STORED,
  CONSTRAINT person_aliases_pkey PRIMARY KEY (person_id, alias)
);
CREATE INDEX person_aliases_folded_idx ON person_aliases (folded);
CREATE INDEX person_aliases_folded_trgm_idx ON person_aliases USING gin (folded gin_trgm_ops);

-- One person in one episode, in the running order of the guests, with what they were then:
-- role (function, e.g. minister; EBUCore occupation) and party (EBUCore affiliation), because
-- affiliations change over time.
CREATE TABLE appearances (
  episode_id bigint NOT NULL CONSTRAINT appearances_episode_id_fkey REFERENCES episodes (id)
    ON DELETE CASCADE,
  position smallint NOT NULL CONSTRAINT appearances_position_check
    CHECK (position BETWEEN 1 AND 50),
  person_id bigint NOT NULL CONSTRAINT appearances_person_id_fkey REFERENCES people (id),
  role text NOT NULL DEFAULT '' CONSTRAINT appearances_role_check CHECK (char_length(role) <= 200),
  party text NOT NULL DEFAULT '' CONSTRAINT appearances_party_check
    CHECK (char_length(party) <= 200),
  CONSTRAINT appearances_pkey PRIMARY KEY (episode_id, position),
  CONSTRAINT appearances_episode_person_key UNIQUE (episode_id, person_id)
);
CREATE INDEX appearances_person_id_idx ON appearances (person_id);

-- The studio's guests of an episode (episode_guests, a planning list of names) become people and
-- appearances once, when the episode is archived: each guest is the person one of whose aliases
-- folds to the same text (the oldest such person), else a new person with the guest's name as
-- alias (and its Latin form, if written in Cyrillic). The guest's role becomes the appearance's
-- role; party starts empty. Does nothing when the episode has appearances already, so the
-- archive's own edits are never overwritten. Returns the appearances made.
CREATE FUNCTION public.archive_episode_people(eid bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  guest record;
  person bigint;
  made integer := 0;
BEGIN
  IF EXISTS (SELECT 1 FROM appearances WHERE episode_id = eid) THEN
    RETURN 0;
  END IF;
  FOR guest IN
    SELECT g.position, g.name, g.role FROM episode_guests g WHERE g.episode_id = eid
     ORDER BY g.position
  LOOP
    SELECT a.person_id INTO person FROM person_aliases a
     WHERE a.folded = public.archive_fold(guest.name) ORDER BY a.person_id LIMIT 1;
    IF person IS NULL THEN
      INSERT INTO people (name) VALUES (guest.name) RETURNING id INTO person;
      INSERT INTO person_aliases (person_id, alias)
        SELECT person, v FROM (VALUES (guest.name), (public.sr_cyr2lat(guest.name))) AS x(v)
        ON CONFLICT ON CONSTRAINT person_aliases_pkey DO NOTHING;
    END IF;
    -- The same person twice in one studio list appears once.
    INSERT INTO appearances (episode_id, position, person_id, role)
      VALUES (eid, guest.position, person, guest.role)
      ON CONFLICT ON CONSTRAINT appearances_episode_person_key DO NOTHING;
    IF FOUND THEN
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END
$$;

-- ---- media assets, loudness, chapters, fixity --------------------------------------------------

-- A file the archive keeps (EBUCore format + fileInfo): the programme master, its proxy, and
-- thumbnails. location is an absolute path on the archive's storage.
CREATE TABLE media_assets (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT media_assets_pkey PRIMARY KEY,
  episode_id bigint NOT NULL CONSTRAINT media_assets_episode_id_fkey REFERENCES episodes (id),
  role text NOT NULL CONSTRAINT media_assets_role_check
    CHECK (role IN ('programme_master', 'proxy', 'thumbnail')),
  location text NOT NULL CONSTRAINT media_assets_location_check
    CHECK (char_length(location) BETWEEN 2 AND 4096 AND left(location, 1) = '/'),
  bytes bigint NOT NULL CONSTRAINT media_assets_bytes_check CHECK (bytes >= 0),
  sha256 text NOT NULL CONSTRAINT media_assets_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- core::MediaProbe as JSON (container, duration, streams); NULL for files not probed.
  probe jsonb CONSTRAINT media_assets_probe_check CHECK (jsonb_typeof(probe) = 'object'),
  width integer CONSTRAINT media_assets_width_check CHECK (width > 0),
  height integer CONSTRAINT media_assets_height_check CHECK (height > 0),
  -- Thumbnails: where in the programme, in seconds from its start.
  at_seconds numeric(12, 3) CONSTRAINT media_assets_at_seconds_check
    CHECK (at_seconds IS NULL OR (at_seconds >= 0 AND role = 'thumbnail')),
  is_poster boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT media_assets_location_key UNIQUE (location),
  -- For media_loudness' reference to a master.
  CONSTRAINT media_assets_id_role_key UNIQUE (id, role),
  CONSTRAINT media_assets_poster_check CHECK (NOT is_poster OR role = 'thumbnail')
);
-- One master per episode, and one file is the master of one episode only.
CREATE UNIQUE INDEX media_assets_one_master_key ON media_assets (episode_id)
  WHERE role = 'programme_master';
CREATE UNIQUE INDEX media_assets_master_sha256_key ON media_assets (sha256)
  WHERE role = 'programme_master';
CREATE UNIQUE INDEX media_assets_one_poster_key ON media_assets (episode_id) WHERE is_poster;
CREATE INDEX media_assets_episode_id_idx ON media_assets (episode_id, role, id);

-- EBU R 128 measurement of a master (EBUCore loudnessMetadata: integratedLoudness,
-- loudnessRange, maxTruePeak).
CREATE TABLE media_loudness (
  asset_id bigint CONSTRAINT media_loudness_pkey PRIMARY KEY,
  role text NOT NULL DEFAULT 'programme_master' CONSTRAINT media_loudness_role_check
    CHECK (role = 'programme_master'),
  integrated_lufs double precision NOT NULL CONSTRAINT media_loudness_integrated_lufs_check
    CHECK (integrated_lufs BETWEEN -200 AND 50),
  range_lu double precision NOT NULL CONSTRAINT media_loudness_range_lu_check
    CHECK (range_lu BETWEEN 0 AND 200),
  true_peak_dbtp double precision NOT NULL CONSTRAINT media_loudness_true_peak_dbtp_check
    CHECK (true_peak_dbtp BETWEEN -200 AND 50),
  method text NOT NULL DEFAULT 'ITU-R BS.1770-4',
  CONSTRAINT media_loudness_asset_fkey FOREIGN KEY (asset_id, role)
    REFERENCES media_assets (id, role)
);

-- The chapter marks of the proxy (or of the master when there is no proxy): the aired questions,
-- relative to the programme's start, as the ingest wrote them into the file.
CREATE TABLE media_chapters (
  asset_id bigint NOT NULL CONSTRAINT media_chapters_asset_id_fkey REFERENCES media_assets (id),
  position integer NOT NULL CONSTRAINT media_chapters_position_check CHECK (position >= 1),
  start_seconds numeric(12, 3) NOT NULL CONSTRAINT media_chapters_start_seconds_check
    CHECK (start_seconds >= 0),
  end_seconds numeric(12, 3) NOT NULL,
  title text NOT NULL CONSTRAINT media_chapters_title_check
    CHECK (char_length(title) BETWEEN 1 AND 500),
  question_id bigint CONSTRAINT media_chapters_question_id_fkey REFERENCES questions (id)
    ON DELETE SET NULL,
  CONSTRAINT media_chapters_pkey PRIMARY KEY (asset_id, position),
  CONSTRAINT media_chapters_end_seconds_check CHECK (end_seconds >= start_seconds)
);
-- Erasing a question looks for its chapters.
CREATE INDEX media_chapters_question_id_idx ON media_chapters (question_id)
  WHERE question_id IS NOT NULL;

-- Each check of a file against its SHA-256 (sporazum-archive verify). Append-only: the history
-- of checks is the evidence.
CREATE TABLE fixity_events (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT fixity_events_pkey PRIMARY KEY,
  asset_id bigint NOT NULL CONSTRAINT fixity_events_asset_id_fkey REFERENCES media_assets (id),
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  outcome text NOT NULL CONSTRAINT fixity_events_outcome_check
    CHECK (outcome IN ('ok', 'mismatch', 'missing', 'unreadable')),
  expected_sha256 text NOT NULL CONSTRAINT fixity_events_expected_sha256_check
    CHECK (expected_sha256 ~ '^[0-9a-f]{64}$'),
  actual_sha256 text CONSTRAINT fixity_events_actual_sha256_check
    CHECK (actual_sha256 ~ '^[0-9a-f]{64}$'),
  detail text NOT NULL DEFAULT '' CONSTRAINT fixity_events_detail_check
    CHECK (char_length(detail) <= 1000),
  -- ok: the hash matched; mismatch: another hash; missing, unreadable: no hash.
  CONSTRAINT fixity_events_outcome_sha256_check CHECK (
    CASE outcome
      WHEN 'ok' THEN actual_sha256 IS NOT NULL AND actual_sha256 = expected_sha256
      WHEN 'mismatch' THEN actual_sha256 IS NOT NULL AND actual_sha256 <> expected_sha256
      ELSE actual_sha256 IS NULL
    END)
);
CREATE INDEX fixity_events_asset_id_idx ON fixity_events (asset_id, id DESC);

CREATE FUNCTION fixity_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'fixity_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER fixity_events_append_only
  BEFORE UPDATE OR DELETE ON fixity_events
  FOR EACH ROW EXECUTE FUNCTION fixity_events_refuse_change();
CREATE TRIGGER fixity_events_no_truncate
  BEFORE TRUNCATE ON fixity_events
  FOR EACH STATEMENT EXECUTE FUNCTION fixity_events_refuse_change();

-- ---- aired questions and their timecodes -------------------------------------------------------

-- The programme's start of an episode, which timecodes count from: the engine recording whose
-- file has the master's file name, else the earliest recording that finished (done), else the
-- earliest recording, else when the episode went live.
CREATE FUNCTION public.archive_programme_start(eid bigint, OUT started_at timestamptz,
                                               OUT source text)
LANGUAGE sql STABLE AS $$
  SELECT c.started_at, c.source
    FROM (SELECT r.started_at, 'recording'::text AS source,
                 CASE WHEN m.location IS NOT NULL
                           AND regexp_replace(r.file, '^.*/', '') =
                               regexp_replace(m.location, '^.*/', '') THEN 0
                      WHEN r.state = 'done' THEN 1
                      ELSE 2 END AS preference
            FROM recordings r
            LEFT JOIN media_assets m ON m.episode_id = r.episode_id AND m.role = 'programme_master'
           WHERE r.episode_id = eid
          UNION ALL
          SELECT e.started_at, 'episode', 3 FROM episodes e
           WHERE e.id = eid AND e.started_at IS NOT NULL) c
   ORDER BY c.preference, c.started_at
   LIMIT 1
$$;

-- Each time a question was on the lower third, from the engines' as-run record: in is the first
-- engine's on_air frame of that take (seq), out the first off_air frame of the same question
-- that each engine reported after its on_air, earliest across engines. NULL out: never reported.
CREATE VIEW archive_aired_segments AS
SELECT o.episode_id, o.question_id, o.seq, min(o.wall_time) AS on_air_at,
       min(f.off_at) AS off_air_at
  FROM graphics_as_run o
  LEFT JOIN LATERAL (SELECT min(x.wall_time) AS off_at FROM graphics_as_run x
                      WHERE x.question_id = o.question_id AND x.engine = o.engine
                        AND x.layer = 'lower_third' AND x.event = 'off_air'
                        AND x.wall_time >= o.wall_time) f ON true
 WHERE o.layer = 'lower_third' AND o.event = 'on_air' AND o.question_id IS NOT NULL
   AND o.episode_id IS NOT NULL
 GROUP BY o.episode_id, o.question_id, o.seq;

-- ---- search ------------------------------------------------------------------------------------

-- One search document per episode, rebuilt by archive_refresh_episode_doc() whenever its texts,
-- guests, topics or people change (triggers below). Field by field, so a hit can say what
-- matched; doc weighs them: titles A, guests (names, every alias, role, party) and topics B,
-- descriptions C.
CREATE TABLE archive_search_docs (
  episode_id bigint CONSTRAINT archive_search_docs_pkey PRIMARY KEY
    CONSTRAINT archive_search_docs_episode_id_fkey REFERENCES episodes (id) ON DELETE CASCADE,
  title_tsv tsvector NOT NULL,
  people_tsv tsvector NOT NULL,
  topics_tsv tsvector NOT NULL,
  description_tsv tsvector NOT NULL,
  doc tsvector GENERATED ALWAYS AS (
    setweight(title_tsv, 'A') || setweight(people_tsv, 'B') || setweight(topics_tsv, 'B')
      || setweight(description_tsv, 'C')) STORED,
  -- Every title, folded (archive_fold), for trigram similarity.
  titles_folded text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX archive_search_docs_doc_idx ON archive_search_docs USING gin (doc);
CREATE INDEX archive_search_docs_titles_trgm_idx ON archive_search_docs
  USING gin (titles_folded gin_trgm_ops);

-- The aired questions' lexemes: one row per question (for the snippet), and per episode every
-- lexeme of all its questions, without positions. The per-episode set answers "which episodes"
-- from its GIN index alone, without reading the rows of a word found in 100,000 questions; a
-- question match adds a flat score (a set without positions or weights has nothing to rank by).
CREATE TABLE archive_question_docs (
  question_id bigint CONSTRAINT archive_question_docs_pkey PRIMARY KEY
    CONSTRAINT archive_question_docs_question_id_fkey REFERENCES questions (id) ON DELETE CASCADE,
  episode_id bigint NOT NULL CONSTRAINT archive_question_docs_episode_id_fkey
    REFERENCES episodes (id) ON DELETE CASCADE,
  tsv tsvector NOT NULL
);
CREATE INDEX archive_question_docs_episode_id_idx ON archive_question_docs (episode_id, question_id);
CREATE INDEX archive_question_docs_tsv_idx ON archive_question_docs USING gin (tsv);

CREATE TABLE archive_question_terms (
  episode_id bigint CONSTRAINT archive_question_terms_pkey PRIMARY KEY
    CONSTRAINT archive_question_terms_episode_id_fkey REFERENCES episodes (id) ON DELETE CASCADE,
  terms tsvector NOT NULL,
  questions integer NOT NULL
);
CREATE INDEX archive_question_terms_terms_idx ON archive_question_terms USING gin (terms);

CREATE FUNCTION public.archive_refresh_episode_doc(eid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM episodes WHERE id = eid) THEN
    RETURN;
  END IF;
  INSERT INTO archive_search_docs AS d
         (episode_id, title_tsv, people_tsv, topics_tsv, description_tsv, titles_folded, updated_at)
  SELECT eid,
         (SELECT public.archive_tsvector(NULL, e.title) FROM episodes e WHERE e.id = eid)
           || COALESCE((SELECT public.archive_tsvector_agg(public.archive_tsvector(t.lang, t.text))
                          FROM episode_texts t WHERE t.episode_id = eid AND t.kind = 'title'), ''),
         CASE WHEN EXISTS (SELECT 1 FROM appearances WHERE episode_id = eid) THEN
           COALESCE((SELECT public.archive_tsvector_agg(public.archive_tsvector(NULL,
                              concat_ws(' ', p.name, ap.role, ap.party,
                                        (SELECT string_agg(a.alias, ' ') FROM person_aliases a
                                          WHERE a.person_id = p.id))))
                       FROM appearances ap JOIN people p ON p.id = ap.person_id
                      WHERE ap.episode_id = eid), '')
         ELSE
           COALESCE((SELECT public.archive_tsvector_agg(
                              public.archive_tsvector(NULL, concat_ws(' ', g.name, g.role)))
                       FROM episode_guests g WHERE g.episode_id = eid), '')
         END,
         COALESCE((SELECT public.archive_tsvector_agg(public.archive_tsvector(NULL, t.topic))
                     FROM episode_topics t WHERE t.episode_id = eid), ''),
         COALESCE((SELECT public.archive_tsvector_agg(public.archive_tsvector(t.lang, t.text))
                     FROM episode_texts t WHERE t.episode_id = eid AND t.kind = 'description'),
                  ''),
         public.archive_fold(concat_ws(' | ', (SELECT e.title FROM episodes e WHERE e.id = eid),
                                       (SELECT string_agg(t.text, ' | ' ORDER BY t.lang)
                                          FROM episode_texts t
                                         WHERE t.episode_id = eid AND t.kind = 'title'))),
         clock_timestamp()
  ON CONFLICT ON CONSTRAINT archive_search_docs_pkey DO UPDATE
     SET title_tsv = EXCLUDED.title_tsv, people_tsv = EXCLUDED.people_tsv,
         topics_tsv = EXCLUDED.topics_tsv, description_tsv = EXCLUDED.description_tsv,
         titles_folded = EXCLUDED.titles_folded, updated_at = EXCLUDED.updated_at;
END
$$;

-- The aired questions of an episode (on air by the as-run record, or by their state), with their
-- text for air, and the episode's set of lexemes. Returns how many questions.
CREATE FUNCTION public.archive_refresh_question_docs(eid bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  DELETE FROM archive_question_docs WHERE episode_id = eid;
  -- Two lookups (the partial producers' index by state; the as-run by episode), not one OR,
  -- which would read every question of every episode.
  INSERT INTO archive_question_docs (question_id, episode_id, tsv)
  SELECT q.id, eid, public.archive_tsvector(q.language, COALESCE(q.air_text, q.body))
    FROM questions q
    JOIN (SELECT id FROM questions WHERE episode_id = eid AND state IN ('on_air', 'aired')
          UNION
          SELECT s.question_id FROM archive_aired_segments s WHERE s.episode_id = eid) a
      ON a.id = q.id;
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO archive_question_terms AS t (episode_id, terms, questions)
  SELECT eid, COALESCE(array_to_tsvector(array_agg(DISTINCT u.lexeme)), ''::tsvector), n
    FROM archive_question_docs d, unnest(d.tsv) u
   WHERE d.episode_id = eid
  ON CONFLICT ON CONSTRAINT archive_question_terms_pkey DO UPDATE
     SET terms = EXCLUDED.terms, questions = EXCLUDED.questions;
  RETURN n;
END
$$;

-- Statement-level triggers: a studio save rewrites an episode's guests and topics in two
-- statements, and each statement refreshes each episode it touched once.
CREATE FUNCTION archive_refresh_changed_episodes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  eid bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR eid IN SELECT DISTINCT episode_id FROM new_rows LOOP
      PERFORM public.archive_refresh_episode_doc(eid);
    END LOOP;
  ELSIF TG_OP = 'UPDATE' THEN
    FOR eid IN SELECT episode_id FROM new_rows UNION SELECT episode_id FROM old_rows LOOP
      PERFORM public.archive_refresh_episode_doc(eid);
    END LOOP;
  ELSE
    FOR eid IN SELECT DISTINCT episode_id FROM old_rows LOOP
      PERFORM public.archive_refresh_episode_doc(eid);
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION archive_refresh_people_episodes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  eid bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR eid IN SELECT DISTINCT ap.episode_id FROM appearances ap
                WHERE ap.person_id IN (SELECT person_id FROM new_rows) LOOP
      PERFORM public.archive_refresh_episode_doc(eid);
    END LOOP;
  ELSIF TG_OP = 'UPDATE' THEN
    FOR eid IN SELECT DISTINCT ap.episode_id FROM appearances ap
                WHERE ap.person_id IN (SELECT person_id FROM new_rows
                                       UNION SELECT person_id FROM old_rows) LOOP
      PERFORM public.archive_refresh_episode_doc(eid);
    END LOOP;
  ELSE
    FOR eid IN SELECT DISTINCT ap.episode_id FROM appearances ap
                WHERE ap.person_id IN (SELECT person_id FROM old_rows) LOOP
      PERFORM public.archive_refresh_episode_doc(eid);
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER episode_texts_refresh_insert AFTER INSERT ON episode_texts
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();
CREATE TRIGGER episode_texts_refresh_update AFTER UPDATE ON episode_texts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();
CREATE TRIGGER episode_texts_refresh_delete AFTER DELETE ON episode_texts
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();

CREATE TRIGGER episode_guests_refresh_insert AFTER INSERT ON episode_guests
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();
CREATE TRIGGER episode_guests_refresh_update AFTER UPDATE ON episode_guests
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();
CREATE TRIGGER episode_guests_refresh_delete AFTER DELETE ON episode_guests
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();

CREATE TRIGGER episode_topics_refresh_insert AFTER INSERT ON episode_topics
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();
CREATE TRIGGER episode_topics_refresh_update AFTER UPDATE ON episode_topics
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();
CREATE TRIGGER episode_topics_refresh_delete AFTER DELETE ON episode_topics
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();

CREATE TRIGGER appearances_refresh_insert AFTER INSERT ON appearances
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();
CREATE TRIGGER appearances_refresh_update AFTER UPDATE ON appearances
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();
CREATE TRIGGER appearances_refresh_delete AFTER DELETE ON appearances
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_changed_episodes();

CREATE TRIGGER person_aliases_refresh_insert AFTER INSERT ON person_aliases
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_people_episodes();
CREATE TRIGGER person_aliases_refresh_update AFTER UPDATE ON person_aliases
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_people_episodes();
CREATE TRIGGER person_aliases_refresh_delete AFTER DELETE ON person_aliases
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_refresh_people_episodes();

-- people.name: the rows' id is the person.
CREATE FUNCTION archive_refresh_person_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  eid bigint;
BEGIN
  FOR eid IN SELECT DISTINCT episode_id FROM appearances WHERE person_id = NEW.id LOOP
    PERFORM public.archive_refresh_episode_doc(eid);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER people_refresh_update AFTER UPDATE OF name ON people
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION archive_refresh_person_row();

-- An episode's own row: a new episode gets its document; a new working title refreshes it; an
-- episode that ends (aired) or is archived gets its aired questions indexed.
CREATE FUNCTION archive_refresh_episode_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR OLD.title IS DISTINCT FROM NEW.title THEN
    PERFORM public.archive_refresh_episode_doc(NEW.id);
  END IF;
  IF NEW.state IN ('aired', 'archived') AND (TG_OP = 'INSERT' OR OLD.state <> NEW.state) THEN
    PERFORM public.archive_refresh_question_docs(NEW.id);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER episodes_archive_refresh
  AFTER INSERT OR UPDATE OF title, state ON episodes
  FOR EACH ROW EXECUTE FUNCTION archive_refresh_episode_row();

-- Episodes that exist already: their documents, and the aired questions of those that ended.
SELECT public.archive_refresh_episode_doc(id) FROM episodes;
SELECT public.archive_refresh_question_docs(id) FROM episodes WHERE state = 'aired';
