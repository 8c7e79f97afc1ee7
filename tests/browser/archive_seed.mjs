// A real archive for the archive page's browser tests, made the way the show makes one: episodes
// through the server's command line (new, start, end), questions as the viewer hub stores them (SQL,
// with device and address digests, so a leak would show), taken to air with `graphics take` and
// reported by an "engine" in the as-run record (SQL, as the desk stores reports), one episode
// ingested by `sporazum-archive ingest` from a clip made with the ffmpeg command line.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** psql on `database`: one statement (or several), values unaligned; returns the output trimmed. */
export async function psql(database, sql) {
  const { stdout } = await run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', database, '-c', sql]);
  return stdout.trim();
}

/** A SQL string literal (standard_conforming_strings is on in PostgreSQL 15). */
export const literal = (s) => `'${String(s).replace(/'/g, "''")}'`;

/** `database` with another database name: the URI's path is its database. */
export function withDatabaseName(uri, name) {
  const m = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`not a PostgreSQL URI: ${uri}`);
  return `${m[1]}/${encodeURIComponent(name)}${m[2] ?? ''}`;
}

/** The private fields of the seeded questions: none of these may reach the public archive. */
export const kPrivate = {
  deviceHashHex: 'ab'.repeat(32),
  addressHashHex: 'ad'.repeat(32),
  hiddenName: 'Petar Skriveni',   // a viewer who did not consent to the name on air
};

export const kMarkup = '<img src=x onerror=alert(1)>';

/**
 * Seeds `database` (migrated already). Returns what the tests look for:
 * `{ episodes: { aired, archived, planned, cyrillicOnly }, questions: { milica, markup, albanian, unaired, early } }`.
 */
export async function seedArchive({ serverBinary, archiveBinary, database, workDir }) {
  const server = (...args) => run(serverBinary, [...args, '--database', database]);
  const sql = (statement) => psql(database, statement);
  const episodeId = async (number) => Number(await sql(`SELECT id FROM episodes WHERE number = ${number}`));

  // 10 and 11 aired, 12 aired and archived, 13 only planned. Newest air date first: 12, 11, 10.
  const plan = [[10, '2026-09-14'], [11, '2026-09-28'], [12, '2026-10-12'], [13, '2026-11-23']];
  for (const [number, day] of plan) {
    await server('episode', 'new', `Sporazum ${number}`, '--number', String(number), '--air-date', day);
  }
  const ids = Object.fromEntries(await Promise.all(plan.map(async ([n]) => [n, await episodeId(n)])));

  // What the studio plans (guests and topics) and what the archive's editors write (titles in
  // some languages and scripts, a description).
  await sql(`
    INSERT INTO episode_guests (episode_id, position, name, role) VALUES
      (${ids[10]}, 1, 'Албин Курти', 'premijer'),
      (${ids[12]}, 1, 'Dragana Petrović', 'poslanica'),
      (${ids[12]}, 2, 'Arben Krasniqi', 'ministër');
    INSERT INTO episode_topics (episode_id, position, topic) VALUES
      (${ids[10]}, 1, 'putevi'),
      (${ids[12]}, 1, 'voda'), (${ids[12]}, 2, 'struja');
    INSERT INTO episode_texts (episode_id, lang, kind, text) VALUES
      (${ids[10]}, 'sr-Cyrl', 'title', 'Ђаковица и путеви'),
      (${ids[12]}, 'sr-Latn', 'title', 'Voda i struja'),
      (${ids[12]}, 'sr-Cyrl', 'title', 'Вода и струја'),
      (${ids[12]}, 'sq', 'title', 'Uji dhe rryma'),
      (${ids[12]}, 'en', 'title', 'Water and power'),
      (${ids[12]}, 'sr-Latn', 'description', 'Gosti o vodosnabdevanju i nestancima struje na severu.'),
      (${ids[12]}, 'en', 'description', 'Guests on water supply and power cuts in the north.')`);

  /** A question as the viewer hub stores it, approved by a moderator; returns its id. */
  const ask = (episode, text, { name = null, municipality = null, consent = false, language = 'sr' } = {}) => sql(`
    INSERT INTO questions (client_id, episode_id, device_hash, address_hash, display_name, municipality,
                           body, state, consent_name_on_air, language)
    VALUES ('${randomUUID()}', ${episode}, decode('${kPrivate.deviceHashHex}', 'hex'),
            decode('${kPrivate.addressHashHex}', 'hex'), ${name === null ? 'NULL' : literal(name)},
            ${municipality === null ? 'NULL' : literal(municipality)}, ${literal(text)}, 'approved',
            ${consent}, ${literal(language)})
    RETURNING id`).then(Number);

  /** Takes a question to air with the command line; an engine reports it on air `atSeconds` after the start, off air `forSeconds` later. */
  const air = async (number, question, atSeconds, forSeconds) => {
    await server('graphics', 'take', 'lower_third', '--question', String(question));
    await sql(`
      INSERT INTO graphics_as_run (seq, engine, layer, event, question_id, episode_id, running_time_ns, wall_time)
      SELECT c.seq, 'engine-main', 'lower_third', e.event, c.question_id, c.episode_id, e.ns,
             s.started_at + make_interval(secs => e.at)
        FROM (SELECT max(seq) AS seq FROM graphics_commands WHERE question_id = ${question} AND action = 'take') m
        JOIN graphics_commands c ON c.seq = m.seq
        CROSS JOIN (SELECT started_at FROM episodes WHERE number = ${number}) s
        CROSS JOIN (VALUES ('on_air', ${atSeconds}::float8, 1::bigint),
                           ('off_air', ${atSeconds + forSeconds}::float8, 2::bigint)) AS e(event, at, ns)`);
  };

  await server('episode', 'start', '10');
  const early = await ask(ids[10], 'Šta će biti sa putem prema Đakovici?', { name: 'Jovan', municipality: 'mitrovica-north', consent: true });
  await air(10, early, 300.2, 25);
  await server('episode', 'end', '10');

  await server('episode', 'start', '11');
  await server('episode', 'end', '11');

  await server('episode', 'start', '12');
  const milica = await ask(ids[12], 'Када ће бити поправљен пут за Ђаковицу?', { name: 'Milica', municipality: 'zubin-potok', consent: true });
  const markup = await ask(ids[12], kMarkup, { name: kPrivate.hiddenName, municipality: 'zvecan', consent: false });
  const albanian = await ask(ids[12], 'Kur do të rregullohet ujësjellësi në Mitrovicë?', { name: 'Arta', municipality: 'mitrovica-south', consent: true, language: 'sq' });
  const unaired = await ask(ids[12], 'Ovo pitanje nikad nije išlo u program.', { name: 'Nikola', consent: true });
  // Taken in another order than asked: the page must list them as they went on air.
  await air(12, albanian, 75.5, 20);
  await air(12, milica, 140.25, 30);
  await air(12, markup, 3725, 15);
  await server('episode', 'end', '12');

  // The recording of episode 12, as an engine would leave it, ingested into the archive.
  const clip = join(workDir, 'episode-12.ts');
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=48000', '-t', '4',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', clip]);
  await run(archiveBinary, ['ingest', clip, '--episode', '12', '--archive-dir', join(workDir, 'archive'),
    '--thumbnail-every', '2', '--database', database]);
  // The archive's editors add the parties (affiliations are per appearance).
  await sql(`UPDATE appearances SET party = CASE position WHEN 1 THEN 'SNS' ELSE 'LDK' END WHERE episode_id = ${ids[12]}`);

  return {
    episodes: { aired: 11, archived: 12, planned: 13, cyrillicOnly: 10 },
    questions: { milica, markup, albanian, unaired, early },
  };
}
