-- 0003: on-air graphics — the programme (what each layer of the engines has cued and on air), the
-- append-only log of graphics commands the servers forward to the engines, the engines' as-run
-- record and their errors. Never edit once applied.
--
-- Privacy: graphics content is what goes on air and nothing else. A lower third holds the
-- question's text for air, its municipality code and language, and the viewer's name only when
-- the viewer consented to it being shown on air; never contact details, device or address digests
-- or moderation notes. The one change the append-only log allows is the removal of that name and
-- municipality, which erasure and retention make (see graphics_commands_refuse_change).

-- The programme as a whole: the seq of the last command. Every command locks this row first, so
-- commands are numbered without gaps and commit in seq order (a sequence would leave a hole for
-- each rolled-back command, and engines take a hole for a lost command).
CREATE TABLE graphics_programme (
  id boolean DEFAULT true CONSTRAINT graphics_programme_pkey PRIMARY KEY
    CONSTRAINT graphics_programme_id_check CHECK (id),
  last_seq bigint NOT NULL DEFAULT 0 CONSTRAINT graphics_programme_last_seq_check
    CHECK (last_seq >= 0)
);
INSERT INTO graphics_programme DEFAULT VALUES;

-- One row per layer: the graphic cued and the one on air, as JSON objects in the wire form of
-- schema/protocol.md ("graphic"); on_air_seq is the command that put it on air.
CREATE TABLE graphics_layers (
  layer text CONSTRAINT graphics_layers_pkey PRIMARY KEY CONSTRAINT graphics_layers_layer_check
    CHECK (layer IN ('lower_third', 'super', 'logo', 'qr', 'ticker', 'clock')),
  cued jsonb CONSTRAINT graphics_layers_cued_check CHECK (jsonb_typeof(cued) = 'object'),
  on_air jsonb CONSTRAINT graphics_layers_on_air_check CHECK (jsonb_typeof(on_air) = 'object'),
  on_air_seq bigint,
  CONSTRAINT graphics_layers_on_air_seq_check CHECK ((on_air IS NULL) = (on_air_seq IS NULL)),
  changed_at timestamptz
);
INSERT INTO graphics_layers (layer)
  VALUES ('lower_third'), ('super'), ('logo'), ('qr'), ('ticker'), ('clock');

-- Every command, as forwarded to the engines. Append-only (triggers below). actor is the username
-- at the time, or 'cli'. question_id has no foreign key: the log outlives erased questions.
CREATE TABLE graphics_commands (
  seq bigint CONSTRAINT graphics_commands_pkey PRIMARY KEY
    CONSTRAINT graphics_commands_seq_check CHECK (seq > 0),
  action text NOT NULL CONSTRAINT graphics_commands_action_check
    CHECK (action IN ('cue', 'take', 'update', 'clear', 'clear_all')),
  -- NULL for clear_all, which concerns every layer.
  layer text CONSTRAINT graphics_commands_layer_check
    CHECK (layer IN ('lower_third', 'super', 'logo', 'qr', 'ticker', 'clock')),
  CONSTRAINT graphics_commands_layer_needed_check CHECK ((action = 'clear_all') = (layer IS NULL)),
  content jsonb CONSTRAINT graphics_commands_content_check
    CHECK (jsonb_typeof(content) = 'object'),
  question_id bigint,
  staff_id bigint CONSTRAINT graphics_commands_staff_id_fkey REFERENCES staff (id),
  actor text NOT NULL,
  episode_id bigint CONSTRAINT graphics_commands_episode_id_fkey REFERENCES episodes (id),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX graphics_commands_question_id_idx ON graphics_commands (question_id)
  WHERE question_id IS NOT NULL;
CREATE INDEX graphics_commands_episode_id_idx ON graphics_commands (episode_id, seq);

-- Append-only, except that erasure and retention may drop the viewer's name and municipality from
-- a lower third (and nothing else).
CREATE FUNCTION graphics_commands_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'content') = (to_jsonb(OLD) - 'content')
     AND NEW.content IS NOT DISTINCT FROM (OLD.content - 'viewerName' - 'municipality') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'graphics_commands is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER graphics_commands_append_only
  BEFORE UPDATE OR DELETE ON graphics_commands
  FOR EACH ROW EXECUTE FUNCTION graphics_commands_refuse_change();
CREATE TRIGGER graphics_commands_no_truncate
  BEFORE TRUNCATE ON graphics_commands
  FOR EACH STATEMENT EXECUTE FUNCTION graphics_commands_refuse_change();

-- Wakes every server's forwarder: a command was logged (payload: its seq). The servers read
-- "seq > the last one forwarded" from the log, so a missed notification delays, never loses.
CREATE FUNCTION graphics_commands_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('graphics_command', NEW.seq::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER graphics_commands_notify
  AFTER INSERT ON graphics_commands
  FOR EACH ROW EXECUTE FUNCTION graphics_commands_notify();

-- What an engine really put on air and took off, frame-stamped. A report sent twice (an engine
-- resends after a reconnect) is stored once.
CREATE TABLE graphics_as_run (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT graphics_as_run_pkey PRIMARY KEY,
  seq bigint NOT NULL CONSTRAINT graphics_as_run_seq_fkey REFERENCES graphics_commands (seq),
  engine text NOT NULL CONSTRAINT graphics_as_run_engine_check
    CHECK (char_length(engine) BETWEEN 1 AND 64),
  layer text NOT NULL CONSTRAINT graphics_as_run_layer_check
    CHECK (layer IN ('lower_third', 'super', 'logo', 'qr', 'ticker', 'clock')),
  event text NOT NULL CONSTRAINT graphics_as_run_event_check CHECK (event IN ('on_air', 'off_air')),
  question_id bigint CONSTRAINT graphics_as_run_question_id_fkey REFERENCES questions (id)
    ON DELETE SET NULL,
  episode_id bigint CONSTRAINT graphics_as_run_episode_id_fkey REFERENCES episodes (id),
  -- The frame's running time in the engine's pipeline, and the wall clock when it left the stage.
  running_time_ns bigint NOT NULL CONSTRAINT graphics_as_run_running_time_ns_check
    CHECK (running_time_ns >= 0),
  wall_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT graphics_as_run_report_key UNIQUE (engine, seq, layer, event)
);
CREATE INDEX graphics_as_run_episode_id_idx ON graphics_as_run (episode_id, wall_time);
CREATE INDEX graphics_as_run_question_id_idx ON graphics_as_run (question_id)
  WHERE question_id IS NOT NULL;

-- Commands an engine could not carry out (a question that does not fit its box, ...).
CREATE TABLE graphics_engine_errors (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT graphics_engine_errors_pkey PRIMARY KEY,
  seq bigint NOT NULL CONSTRAINT graphics_engine_errors_seq_check CHECK (seq >= 0),
  engine text NOT NULL CONSTRAINT graphics_engine_errors_engine_check
    CHECK (char_length(engine) BETWEEN 1 AND 64),
  layer text NOT NULL CONSTRAINT graphics_engine_errors_layer_check
    CHECK (layer IN ('lower_third', 'super', 'logo', 'qr', 'ticker', 'clock')),
  code text NOT NULL CONSTRAINT graphics_engine_errors_code_check
    CHECK (char_length(code) BETWEEN 1 AND 64),
  message text NOT NULL CONSTRAINT graphics_engine_errors_message_check
    CHECK (char_length(message) <= 500),
  episode_id bigint CONSTRAINT graphics_engine_errors_episode_id_fkey REFERENCES episodes (id),
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX graphics_engine_errors_episode_id_idx ON graphics_engine_errors (episode_id, id);
