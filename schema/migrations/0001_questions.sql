-- 0001: episodes, viewer questions, the server's hashing key, and the notifications the servers
-- listen to. Applied by sporazum::pg::migrate() in one transaction together with its
-- schema_migrations record (that table is created by migrate() itself). Never edit this file once
-- it has been applied anywhere: add 0002_….sql instead (migrate() refuses a changed file).
--
-- Every constraint is named: the server maps an error to its cause by constraint name.
--
-- Retention (privacy): personal data of a question (display_name, municipality, device_hash,
-- address_hash) is kept for 90 days after its episode's questions close (episodes.closed_at), then
-- set to NULL by purgePersonalDataOlderThan(90); the question text and its state stay for the
-- archive. A viewer may ask for earlier erasure (eraseDevice): questions that never went on air are
-- deleted, those that did keep only their text.

-- Text search and case folding need a UTF-8 database (with the C locale Cyrillic is not lower-cased).
DO $$
BEGIN
  IF pg_encoding_to_char((SELECT encoding FROM pg_database WHERE datname = current_database()))
       <> 'UTF8'
     OR (SELECT datctype FROM pg_database WHERE datname = current_database()) !~* 'utf-?8' THEN
    RAISE EXCEPTION 'Sporazum needs a UTF-8 database with a UTF-8 locale (e.g. C.UTF-8)';
  END IF;
END
$$;

-- Secrets shared by every server on this database; 'viewer_hash' keys the BLAKE2b digests of device
-- tokens and addresses, so the raw values never reach the database.
CREATE TABLE server_keys (
  name text CONSTRAINT server_keys_pkey PRIMARY KEY,
  key bytea NOT NULL CONSTRAINT server_keys_key_check CHECK (length(key) = 32)
);

CREATE TABLE episodes (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT episodes_pkey PRIMARY KEY,
  title text NOT NULL CONSTRAINT episodes_title_check CHECK (title <> ''),
  questions_open boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  opened_at timestamptz,
  -- Set when questions close; NULL while open. Retention counts from here.
  closed_at timestamptz
);

CREATE TABLE questions (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT questions_pkey PRIMARY KEY,
  -- Made by the phone before the first send; a resend with the same id is a duplicate, not a new row.
  client_id uuid NOT NULL CONSTRAINT questions_client_id_key UNIQUE,
  episode_id bigint NOT NULL CONSTRAINT questions_episode_id_fkey REFERENCES episodes (id),
  -- Personal data: NULL once erased or past retention.
  device_hash bytea CONSTRAINT questions_device_hash_check CHECK (length(device_hash) = 32),
  address_hash bytea CONSTRAINT questions_address_hash_check CHECK (length(address_hash) = 32),
  display_name text,
  municipality text,
  body text NOT NULL CONSTRAINT questions_body_check CHECK (char_length(body) BETWEEN 1 AND 4000),
  consent_name_on_air boolean NOT NULL DEFAULT false,
  interface_language text,
  state text NOT NULL DEFAULT 'received' CONSTRAINT questions_state_check CHECK (
    state IN ('received', 'held', 'approved', 'rejected', 'merged', 'queued', 'on_air', 'aired',
              'not_selected')),
  -- clock_timestamp(), not now(): rows of one group commit get their own arrival times.
  received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  state_changed_at timestamptz
);

-- A device's own questions, newest first (the viewer page after a reload).
CREATE INDEX questions_device_hash_id_idx ON questions (device_hash, id DESC);
-- No (episode_id, ...) index yet: nothing here reads an episode's questions on a hot path, and every
-- index costs each of the ~20,000 inserts a second (measured: ~25% of the insert). The moderation
-- issue adds the index its queries need.

CREATE FUNCTION questions_touch_state() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.state_changed_at := clock_timestamp();
  RETURN NEW;
END
$$;

CREATE TRIGGER questions_touch_state
  BEFORE UPDATE OF state ON questions
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION questions_touch_state();

-- Every server LISTENs on 'question_state' to tell the asking device, whichever server took the
-- change. Delivered at commit. The payload (uuid + 64 hex + state) stays far below NOTIFY's 8000
-- bytes; 'device' is null for an erased question.
CREATE FUNCTION questions_notify_state() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('question_state',
                    json_build_object('id', NEW.client_id,
                                      'device', encode(NEW.device_hash, 'hex'),
                                      'state', NEW.state)::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER questions_notify_state
  AFTER UPDATE OF state ON questions
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION questions_notify_state();

-- Wakes the servers' episode pollers early; they read the latest episode themselves, so the payload
-- is empty (and identical notifications of one transaction fold into one).
CREATE FUNCTION episodes_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('episode_state', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER episodes_notify_change
  AFTER INSERT OR UPDATE OR DELETE ON episodes
  FOR EACH STATEMENT
  EXECUTE FUNCTION episodes_notify_change();
