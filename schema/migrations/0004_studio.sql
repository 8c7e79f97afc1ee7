-- 0004: the studio — episodes as producers plan and run them (number, air date, guests, topics,
-- planned → live → aired), the producers' queue of approved questions, when each question was
-- really on air (the engines' as-run), and the engines' recordings of the programme, which the
-- archive reads. Never edit once applied.
--
-- The current episode (the one viewers ask in, moderators moderate and producers run) is the live
-- one, or the newest while none is live: current_episode_id() below is the one definition every
-- query uses. Starting an episode makes it current; a planned episode made during a live show
-- waits until that show ends.
--
-- Privacy: nothing here holds a viewer's personal data. Guests are public figures named on air;
-- recordings hold file names and sizes.

ALTER TABLE episodes
  ADD COLUMN number integer CONSTRAINT episodes_number_check CHECK (number BETWEEN 1 AND 9999),
  -- The planned day of the show (a calendar date, no time zone).
  ADD COLUMN air_date date,
  ADD COLUMN state text NOT NULL DEFAULT 'planned' CONSTRAINT episodes_state_check
    CHECK (state IN ('planned', 'live', 'aired')),
  ADD COLUMN started_at timestamptz,
  ADD COLUMN ended_at timestamptz;

-- Episodes made before this migration: numbered in the order they were made, their air date the
-- day questions opened (or the episode was made, in UTC: the show airs in the evening). The newest
-- is live while its questions are open and planned if they never opened; every other one is past,
-- and counts as aired.
UPDATE episodes e
   SET number = n.position,
       air_date = (COALESCE(e.opened_at, e.created_at) AT TIME ZONE 'UTC')::date,
       state = CASE WHEN e.id = n.newest AND e.questions_open THEN 'live'
                    WHEN e.id = n.newest AND e.opened_at IS NULL THEN 'planned'
                    ELSE 'aired' END,
       started_at = CASE WHEN e.id = n.newest AND NOT e.questions_open AND e.opened_at IS NULL
                         THEN NULL
                         ELSE COALESCE(e.opened_at, e.created_at) END,
       ended_at = CASE WHEN e.id = n.newest AND (e.questions_open OR e.opened_at IS NULL) THEN NULL
                       ELSE COALESCE(e.closed_at, e.opened_at, e.created_at) END
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS position, max(id) OVER () AS newest
          FROM episodes) n
 WHERE n.id = e.id;

ALTER TABLE episodes
  ALTER COLUMN number SET NOT NULL,
  ALTER COLUMN air_date SET NOT NULL,
  ADD CONSTRAINT episodes_number_key UNIQUE (number),
  ADD CONSTRAINT episodes_started_at_check CHECK ((state = 'planned') = (started_at IS NULL)),
  ADD CONSTRAINT episodes_ended_at_check CHECK ((state = 'aired') = (ended_at IS NOT NULL));

-- An episode made without a number or an air date (by a tool that predates them) gets the next
-- free number and today's date (UTC). Two made at once may pick the same number: one of them is
-- refused by episodes_number_key.
CREATE FUNCTION episodes_fill_defaults() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.number IS NULL THEN
    NEW.number := (SELECT COALESCE(max(number), 0) + 1 FROM episodes);
  END IF;
  IF NEW.air_date IS NULL THEN
    NEW.air_date := (now() AT TIME ZONE 'UTC')::date;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER episodes_fill_defaults
  BEFORE INSERT ON episodes
  FOR EACH ROW WHEN (NEW.number IS NULL OR NEW.air_date IS NULL)
  EXECUTE FUNCTION episodes_fill_defaults();

-- One show is on air at a time.
CREATE UNIQUE INDEX episodes_one_live_key ON episodes ((true)) WHERE state = 'live';

CREATE FUNCTION current_episode_id() RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT id FROM episodes WHERE state = 'live'), (SELECT max(id) FROM episodes))
$$;

-- The guests of an episode, in the console's order (its list of name supers).
CREATE TABLE episode_guests (
  episode_id bigint NOT NULL CONSTRAINT episode_guests_episode_id_fkey REFERENCES episodes (id)
    ON DELETE CASCADE,
  position smallint NOT NULL CONSTRAINT episode_guests_position_check
    CHECK (position BETWEEN 1 AND 12),
  name text NOT NULL CONSTRAINT episode_guests_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
  -- The role or party of this appearance; '' when none.
  role text NOT NULL DEFAULT '' CONSTRAINT episode_guests_role_check
    CHECK (char_length(role) <= 200),
  CONSTRAINT episode_guests_pkey PRIMARY KEY (episode_id, position)
);

CREATE TABLE episode_topics (
  episode_id bigint NOT NULL CONSTRAINT episode_topics_episode_id_fkey REFERENCES episodes (id)
    ON DELETE CASCADE,
  position smallint NOT NULL CONSTRAINT episode_topics_position_check
    CHECK (position BETWEEN 1 AND 20),
  topic text NOT NULL CONSTRAINT episode_topics_topic_check
    CHECK (char_length(topic) BETWEEN 1 AND 40),
  CONSTRAINT episode_topics_pkey PRIMARY KEY (episode_id, position)
);

ALTER TABLE questions
  -- The producers' running order (1 = next), set exactly while the question is queued.
  ADD COLUMN queue_position integer CONSTRAINT questions_queue_position_check
    CHECK (queue_position >= 1),
  -- The first frame with the question on air, and the first without it, from the first engine
  -- that reported them (graphics_as_run keeps every engine's report).
  ADD COLUMN on_air_at timestamptz,
  ADD COLUMN off_air_at timestamptz,
  ADD CONSTRAINT questions_queued_position_check
    CHECK ((state = 'queued') = (queue_position IS NOT NULL));

-- Two queued questions of an episode never share a place. Partial, so the ~20,000 inserts a second
-- (never queued) do not touch it; it also reads the running order.
CREATE UNIQUE INDEX questions_queue_position_key ON questions (episode_id, queue_position)
  WHERE queue_position IS NOT NULL;

-- The producers' queue of an episode, and the end of an episode (approved and queued questions
-- become not_selected). Partial: a question enters it only once approved.
CREATE INDEX questions_producer_queue_idx ON questions (episode_id, id)
  WHERE state IN ('approved', 'queued', 'on_air', 'aired', 'not_selected');

-- Each file an engine records of the programme, as the engine reports it: 'recording' when it
-- opens the file, 'done' (with its size and frame count) when it closes it, 'failed' when it could
-- not be opened or ended on an error (a full disk; bytes and frames are what it holds, error says
-- why). The archive ingests the done ones. engine is the engine's staff account (its username).
CREATE TABLE recordings (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT recordings_pkey PRIMARY KEY,
  engine text NOT NULL CONSTRAINT recordings_engine_check CHECK (char_length(engine) BETWEEN 1 AND 64),
  episode_id bigint NOT NULL CONSTRAINT recordings_episode_id_fkey REFERENCES episodes (id),
  -- The path on the engine's machine.
  file text NOT NULL CONSTRAINT recordings_file_check CHECK (char_length(file) BETWEEN 1 AND 1024),
  state text NOT NULL CONSTRAINT recordings_state_check
    CHECK (state IN ('recording', 'done', 'failed')),
  bytes bigint NOT NULL DEFAULT 0 CONSTRAINT recordings_bytes_check CHECK (bytes >= 0),
  started_at timestamptz NOT NULL,
  stopped_at timestamptz,
  frames bigint NOT NULL DEFAULT 0 CONSTRAINT recordings_frames_check CHECK (frames >= 0),
  error text CONSTRAINT recordings_error_check CHECK (char_length(error) BETWEEN 1 AND 500),
  reported_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT recordings_stopped_at_check CHECK ((state = 'recording') = (stopped_at IS NULL)),
  CONSTRAINT recordings_error_needed_check CHECK ((state = 'failed') = (error IS NOT NULL)),
  CONSTRAINT recordings_engine_file_key UNIQUE (engine, file)
);
-- An episode's newest recording (the studio's show), and all of them (the archive).
CREATE INDEX recordings_episode_id_idx ON recordings (episode_id, started_at DESC);

-- Guests, topics and recordings are part of what the studio shows of an episode: they wake the
-- same 'episode_state' listeners as the episodes table (empty payload; one per statement).
CREATE TRIGGER episode_guests_notify_change
  AFTER INSERT OR UPDATE OR DELETE ON episode_guests
  FOR EACH STATEMENT
  EXECUTE FUNCTION episodes_notify_change();

CREATE TRIGGER episode_topics_notify_change
  AFTER INSERT OR UPDATE OR DELETE ON episode_topics
  FOR EACH STATEMENT
  EXECUTE FUNCTION episodes_notify_change();

CREATE TRIGGER recordings_notify_change
  AFTER INSERT OR UPDATE OR DELETE ON recordings
  FOR EACH STATEMENT
  EXECUTE FUNCTION episodes_notify_change();
