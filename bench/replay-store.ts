// The store's work on the ack path: the replay check every signed Slack request makes
// (store.firstSeen), timed as the store now does it (one prepared statement; on SQLite the keys
// of a turn of the event loop committed together) and as it did before (SqlStore's Kysely query,
// built, compiled and sent on each call), on the same database in the same run. SQLite always;
// PostgreSQL when DATELINE_TEST_DATABASE_URL names a server (skipped with the reason otherwise).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresStore } from '../src/store/postgres-store.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import type { SqlStore } from '../src/store/sql-store.ts';
import { type Spread, spread, twoDecimals } from './stats.ts';
import { schemaUrl } from '../tests/support/stores.ts';

/** A signed request's key lives ten minutes, as signed-request.ts keeps it. */
const TTL_MS = 10 * 60 * 1000;
/** Requests read in one turn of the event loop under a flood of commands (50 connections). */
const PER_TURN = 20;

/** The check as it was: SqlStore's query, built by Kysely, compiled and sent on each call. */
async function kyselyTakeReplayKey(store: SqlStore, key: string, expiresAt: number, now: number): Promise<boolean> {
  const query = (store as unknown as { replayKeyQuery(key: string, expiresAt: number, now: number): Executable }).replayKeyQuery(
    key,
    expiresAt,
    now,
  );
  return (await query.executeTakeFirst()) !== undefined;
}

interface Executable {
  executeTakeFirst(): Promise<unknown>;
}

export interface ReplayStoreFigures {
  store: string;
  /** CPU of this process per key (µs), one request at a time: Kysely, as before. */
  kysely_cpu_us: Spread;
  /** ...the prepared statement, one request at a time. */
  prepared_cpu_us: Spread;
  /** ...the prepared statement, PER_TURN requests asked for in the same turn (a flood). */
  prepared_per_turn_cpu_us: Spread;
  /** Wall time per key, one at a time (µs): Kysely and prepared. */
  kysely_wall_us: Spread;
  prepared_wall_us: Spread;
}

/** CPU (user + system) and wall time per key of `calls` calls of `take`, `together` asked for at once. */
async function timed(calls: number, together: number, take: () => Promise<boolean>): Promise<{ cpu: number; wall: number }> {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let done = 0; done < calls; done += together) await Promise.all(Array.from({ length: together }, take));
  const cpu = process.cpuUsage(cpuStart);
  return { cpu: (cpu.user + cpu.system) / calls, wall: ((performance.now() - wallStart) * 1000) / calls };
}

async function measure(name: string, store: SqlStore, calls: number, rounds: number): Promise<ReplayStoreFigures> {
  const newKey = () => `slack-request:v0=${randomBytes(32).toString('hex')}`;
  const kysely = () => {
    const now = Date.now();
    return kyselyTakeReplayKey(store, newKey(), now + TTL_MS, now);
  };
  const prepared = () => store.firstSeen(newKey(), new Date(), TTL_MS);
  // Warm-up (and a table that is not empty), then the three ways in turn, each round in a new order.
  await timed(calls, PER_TURN, prepared);
  await timed(calls / 4, 1, kysely);
  const runs: Record<'kysely' | 'prepared' | 'perTurn', { cpu: number; wall: number }[]> = { kysely: [], prepared: [], perTurn: [] };
  const ways = [
    ['kysely', () => timed(calls, 1, kysely)],
    ['prepared', () => timed(calls, 1, prepared)],
    ['perTurn', () => timed(calls, PER_TURN, prepared)],
  ] as const;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < ways.length; i++) {
      const [way, run] = ways[(i + round) % ways.length]!;
      runs[way].push(await run());
    }
  }
  const cpu = (way: keyof typeof runs) => spread(runs[way].map((run) => twoDecimals(run.cpu)));
  const wall = (way: keyof typeof runs) => spread(runs[way].map((run) => twoDecimals(run.wall)));
  return {
    store: name,
    kysely_cpu_us: cpu('kysely'),
    prepared_cpu_us: cpu('prepared'),
    prepared_per_turn_cpu_us: cpu('perTurn'),
    kysely_wall_us: wall('kysely'),
    prepared_wall_us: wall('prepared'),
  };
}

export async function benchReplayStore(options: { calls: number; rounds: number }): Promise<{
  results: ReplayStoreFigures[];
  skipped?: string;
}> {
  const results: ReplayStoreFigures[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-replays-'));
  const sqlite = await SqliteStore.open(join(dir, 'dateline.db'));
  try {
    results.push(await measure('SQLite (WAL, a file)', sqlite, options.calls, options.rounds));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATELINE_TEST_DATABASE_URL;
  if (!url) return { results, skipped: 'PostgreSQL: DATELINE_TEST_DATABASE_URL is not set (tests/support/start-postgres.sh starts one)' };
  // A schema of its own, dropped afterwards: the database may be the tests'.
  const schema = `bench_replays_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const store = await PostgresStore.open(schemaUrl(url, schema));
    try {
      results.push(await measure('PostgreSQL (loopback)', store, options.calls, options.rounds));
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
  return { results };
}
