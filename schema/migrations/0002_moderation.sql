-- 0002: the moderation desk — staff accounts and sessions, moderation fields on questions, device
-- bans, the editable filter lexicon and the append-only audit log. Never edit once applied.
--
-- Privacy: the audit log records moderation fields only (state, text for air, topic, star, merge,
-- reject reason, ban scope), never a viewer's name, municipality or hashes, so retention and erasure
-- of questions need not touch it.

CREATE TABLE staff (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT staff_pkey PRIMARY KEY,
  -- Lower case; what people type at the login prompt.
  username text NOT NULL CONSTRAINT staff_username_key UNIQUE
    CONSTRAINT staff_username_check CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,39}$'),
  display_name text NOT NULL CONSTRAINT staff_display_name_check
    CHECK (char_length(display_name) BETWEEN 1 AND 60),
  role text NOT NULL CONSTRAINT staff_role_check
    CHECK (role IN ('moderator', 'producer', 'admin', 'engine')),
  -- libsodium crypto_pwhash_str (Argon2id), which embeds its salt and cost parameters.
  password_hash text NOT NULL CONSTRAINT staff_password_hash_check
    CHECK (password_hash LIKE '$argon2id$%'),
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Only a hash of the token is stored: a copy of this table opens no session.
CREATE TABLE staff_sessions (
  token_hash bytea CONSTRAINT staff_sessions_pkey PRIMARY KEY
    CONSTRAINT staff_sessions_token_hash_check CHECK (length(token_hash) = 32),
  staff_id bigint NOT NULL CONSTRAINT staff_sessions_staff_id_fkey REFERENCES staff (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX staff_sessions_staff_id_idx ON staff_sessions (staff_id);

ALTER TABLE questions
  -- Bumped by every moderation change; a change based on an older version is a conflict.
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  -- The moderators' edit for air; the viewer's own text (body) is never changed.
  ADD COLUMN air_text text CONSTRAINT questions_air_text_check
    CHECK (char_length(air_text) BETWEEN 1 AND 4000),
  ADD COLUMN topic text CONSTRAINT questions_topic_check CHECK (char_length(topic) BETWEEN 1 AND 40),
  ADD COLUMN starred boolean NOT NULL DEFAULT false,
  -- Set when this question was merged into another; that one counts the askers.
  ADD COLUMN merged_into bigint CONSTRAINT questions_merged_into_fkey REFERENCES questions (id)
    ON DELETE SET NULL,
  ADD COLUMN ask_count integer NOT NULL DEFAULT 1 CONSTRAINT questions_ask_count_check
    CHECK (ask_count >= 1),
  ADD COLUMN reject_reason text CONSTRAINT questions_reject_reason_check CHECK (
    reject_reason IN ('abuse', 'hate', 'off_topic', 'duplicate', 'spam', 'personal_data', 'other',
                      'banned')),
  ADD COLUMN reject_note text CONSTRAINT questions_reject_note_check
    CHECK (char_length(reject_note) <= 200),
  -- The auto-filter's verdict at arrival: none, flag (shown) or hold (state 'held').
  ADD COLUMN filter_action text NOT NULL DEFAULT 'none' CONSTRAINT questions_filter_action_check
    CHECK (filter_action IN ('none', 'flag', 'hold')),
  -- [{"code":"lexicon","category":"slur","term":"…","begin":3,"end":9}, …]
  ADD COLUMN filter_reasons jsonb NOT NULL DEFAULT '[]',
  -- Detected language tag: sr, sq, en, other.
  ADD COLUMN language text CONSTRAINT questions_language_check
    CHECK (language IN ('sr', 'sq', 'en', 'other')),
  ADD COLUMN changed_by bigint CONSTRAINT questions_changed_by_fkey REFERENCES staff (id),
  ADD COLUMN changed_at timestamptz;

-- Deleting a question (erasure) looks for questions merged into it; without an index that is a scan
-- of the whole table per deleted row. Partial: merged questions are few, and an insert (merged_into
-- NULL) never touches it.
CREATE INDEX questions_merged_into_idx ON questions (merged_into) WHERE merged_into IS NOT NULL;

-- An episode's questions for the moderation desk. BRIN, not B-tree: an episode's questions arrive
-- together, so they sit together on disk, and a BRIN index costs next to nothing per insert.
CREATE INDEX questions_episode_id_brin ON questions USING brin (episode_id)
  WITH (pages_per_range = 16, autosummarize = on);

-- A device banned for one episode (episode_id set) or for good (NULL). Questions from a banned device
-- are still stored, as rejected with reason 'banned': nothing is lost and the sender is not told.
CREATE TABLE device_bans (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT device_bans_pkey PRIMARY KEY,
  device_hash bytea NOT NULL CONSTRAINT device_bans_device_hash_check
    CHECK (length(device_hash) = 32),
  episode_id bigint CONSTRAINT device_bans_episode_id_fkey REFERENCES episodes (id),
  created_by bigint CONSTRAINT device_bans_created_by_fkey REFERENCES staff (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  lifted_at timestamptz
);
CREATE INDEX device_bans_device_hash_idx ON device_bans (device_hash) WHERE lifted_at IS NULL;

-- Versions of the auto-filter lexicon edited by admins; the newest wins over assets/filter/.
CREATE TABLE filter_lexicons (
  version bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT filter_lexicons_pkey PRIMARY KEY,
  body text NOT NULL CONSTRAINT filter_lexicons_body_check CHECK (octet_length(body) <= 1048576),
  created_by bigint CONSTRAINT filter_lexicons_created_by_fkey REFERENCES staff (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Who did what, when, before and after. Append-only: the triggers below refuse UPDATE, DELETE and
-- TRUNCATE. actor is the username at the time (or 'cli' for the command line).
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT audit_log_pkey PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  staff_id bigint CONSTRAINT audit_log_staff_id_fkey REFERENCES staff (id),
  actor text NOT NULL,
  action text NOT NULL,
  episode_id bigint,
  question_id bigint,
  before jsonb,
  after jsonb,
  -- For an undo: the entry it undid.
  undoes bigint CONSTRAINT audit_log_undoes_fkey REFERENCES audit_log (id)
);
CREATE INDEX audit_log_staff_id_idx ON audit_log (staff_id, id DESC);
CREATE INDEX audit_log_question_id_idx ON audit_log (question_id, id DESC);
-- The admin's audit page of one episode, newest first.
CREATE INDEX audit_log_episode_id_idx ON audit_log (episode_id, id DESC);
CREATE UNIQUE INDEX audit_log_undoes_key ON audit_log (undoes) WHERE undoes IS NOT NULL;

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Wakes the moderation feeds: new questions arrived. Empty payload; one per inserting statement (a
-- whole group commit), and notifications of one transaction fold into one.
CREATE FUNCTION questions_notify_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('question_new', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER questions_notify_new
  AFTER INSERT ON questions
  FOR EACH STATEMENT
  EXECUTE FUNCTION questions_notify_new();

-- Wakes the moderation feeds: a question's moderation fields changed (payload: its id).
CREATE FUNCTION questions_notify_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('question_changed', NEW.id::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER questions_notify_changed
  AFTER UPDATE OF version ON questions
  FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version)
  EXECUTE FUNCTION questions_notify_changed();

-- Hot reload of the lexicon on every server.
CREATE FUNCTION filter_lexicons_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lexicon_changed', NEW.version::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER filter_lexicons_notify
  AFTER INSERT ON filter_lexicons
  FOR EACH ROW EXECUTE FUNCTION filter_lexicons_notify();
