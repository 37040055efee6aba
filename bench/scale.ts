// The `scale` section of `npm run bench` (alone: `npm run bench -- --only scale`). Two parts:
// - A scheduler pass's cost on PostgreSQL at 1,000, 10,000 and 100,000 subscriptions spread over
//   10,000 installations and every IANA zone, with two days of ledger behind them: what the pass
//   reads and plans (the part the next run changed; the deliveries that follow are the same) for a
//   minute with digests due and one with none, ours (the due subscriptions through the next-run
//   index, their ledger rows, and moving each next run on) beside the old way in the same run
//   (every active subscription and the recent ledger). Time, rows read, heap kept.
// - Growth per subscription-year of every table: a year of daily and weekly digests posted
//   through the store's ledger calls, pruned daily with DATELINE_RETENTION_DAYS' default, then
//   each table's rows and bytes (PostgreSQL: pg_total_relation_size; SQLite: dbstat).
// PostgreSQL comes from DATELINE_BENCH_DATABASE_URL or DATELINE_TEST_DATABASE_URL; without one
// the PostgreSQL parts are skipped with the reason printed. Each run works in a schema of its own.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { DEFAULT_LEASE_MS } from '../src/scheduler/delivery.ts';
import { deliveryKey, nextRunAfter, planPass, type PassWindow } from '../src/scheduler/due.ts';
import { nextOccurrence, occurrencesBetween } from '../src/scheduler/occurrences.ts';
import { pruneOnce } from '../src/store/retention.ts';
import { PostgresStore } from '../src/store/postgres-store.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import type { ScheduledSubscription, Schedule } from '../src/store/subscriptions.ts';
import type { Weekday } from '../src/commands/types.ts';
import { type Spread, showSpread, spread, twoDecimals } from './stats.ts';
import { schemaUrl, withClient } from '../tests/support/stores.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The default DATELINE_CATCHUP_HOURS, and a tick's look-back beyond it (src/scheduler/scheduler.ts). */
const WINDOW: PassWindow = { catchupMs: 6 * HOUR_MS, lookbackMs: 7 * HOUR_MS };
const INSTALLATIONS = 10_000;
/** The minute measured as due: midnight UTC, when 09:00 in Seoul, 08:00 in Shanghai, 01:00 in Paris fall. */
const DUE_MINUTE = new Date('2026-06-15T00:00:00.000Z');
/** A minute at :53, which no quarter-hour schedule in any zone falls on. */
const QUIET_MINUTE = new Date(DUE_MINUTE.getTime() - 7 * 60_000);
const LEDGER_DAYS = 2;
const SUBSCRIBED = new Date(DUE_MINUTE.getTime() - 30 * DAY_MS);
/** DATELINE_RETENTION_DAYS' default (issue 25). */
const RETENTION_DAYS = 90;

export interface PassCost {
  /** Reading and planning. */
  time_ms: Spread;
  /** Then moving each due subscription's next run on, one UPDATE each (ours only; a pass does it as each one settles). */
  advance_ms: Spread;
  rows_read: number;
  /** The heap's growth while reading and planning. */
  heap_mb: Spread;
}

export interface PassCosts {
  subscriptions: number;
  ledger_rows: number;
  /** pg_total_relation_size of each table over its rows, at this size (indexes included). */
  bytes_per_subscription_row: number;
  bytes_per_ledger_row: number;
  due: number;
  due_minute: { ours: PassCost; old_way: PassCost };
  quiet_minute: { ours: PassCost; old_way: PassCost };
}

/** What each table grows with: only those growing with subscriptions get figures per subscription. */
const GROWS_WITH: Record<string, string> = {
  subscriptions: 'subscriptions',
  deliveries: 'subscriptions (bounded by retention)',
  installations: 'workspaces',
  conversations: 'Teams channels',
  replays: 'requests (expire in minutes)',
  webhooks: 'webhooks',
};

export interface TableGrowth {
  table: string;
  grows_with: string;
  rows: number;
  bytes: number;
  rows_per_subscription: number | '';
  bytes_per_subscription: number | '';
}

export interface Growth {
  store: 'sqlite' | 'postgres';
  daily: number;
  weekly: number;
  retention_days: number;
  /** Ledger rows written in the year (before pruning), per daily and per weekly subscription. */
  written_per_daily: number;
  written_per_weekly: number;
  /** Ledger rows kept at the end of the year, per daily and per weekly subscription. */
  kept_per_daily: number;
  kept_per_weekly: number;
  tables: TableGrowth[];
}

export type ScaleFigures =
  | { skipped: string; growth: Growth[] }
  | { skipped?: undefined; database: string; passes: PassCosts[]; growth: Growth[] };

/** A deterministic pseudo-random sequence (mulberry32), so that every run builds the same deployment. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Planned extends Schedule {
  id: string;
  workspace: string;
  channel: string;
}

/** `count` subscriptions: four in five daily, at quarter hours, across every zone the runtime knows, most of them mornings. */
function deployment(count: number): Planned[] {
  const zones = Intl.supportedValuesOf('timeZone');
  const random = seeded(count);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const daily = random() < 0.8;
    const hour = random() < 0.7 ? pick([7, 8, 9, 10]) : Math.floor(random() * 24);
    const schedule: Planned = {
      id: randomUUID(),
      workspace: `T${index % INSTALLATIONS}`,
      channel: `C${index}`,
      cadence: daily ? 'daily' : 'weekly',
      hour,
      minute: pick([0, 0, 0, 15, 30, 45]),
      zone: pick(zones),
    };
    if (!daily) schedule.weekday = (1 + Math.floor(random() * 7)) as Weekday;
    return schedule;
  });
}

/** Inserts rows of `columns` in statements of `perStatement` rows. */
async function insertRows(client: pg.Client, table: string, columns: string[], rows: unknown[][], perStatement = 1_000): Promise<void> {
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map((_, row) => `(${columns.map((_, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, chunk.flat());
  }
}

/** Fills a migrated schema with `count` subscriptions, as passes up to the minute before DUE_MINUTE left them, and their last two days of ledger. */
async function populate(client: pg.Client, count: number): Promise<{ ledgerRows: number }> {
  const subscriptions = deployment(count);
  const stamp = SUBSCRIBED.toISOString();
  const installed = Array.from({ length: INSTALLATIONS }, (_, index) => [
    randomUUID(),
    'slack',
    `T${index}`,
    'chat:write,commands',
    stamp,
    'active',
    stamp,
  ]);
  await insertRows(client, 'installations', ['id', 'platform', 'workspace', 'scopes', 'installed_at', 'state', 'updated_at'], installed);
  const beforeDue = new Date(DUE_MINUTE.getTime() - 60_000);
  await insertRows(
    client,
    'subscriptions',
    ['id', 'platform', 'workspace', 'channel', 'cadence', 'hour', 'minute', 'weekday', 'zone', 'quiet', 'since', 'next_run'],
    subscriptions.map((s) => [
      s.id,
      'slack',
      s.workspace,
      s.channel,
      s.cadence,
      s.hour,
      s.minute,
      s.weekday ?? null,
      s.zone,
      false,
      stamp,
      nextOccurrence(s, beforeDue).toISOString(),
    ]),
  );
  const ledger = subscriptions.flatMap((s) =>
    occurrencesBetween(s, new Date(DUE_MINUTE.getTime() - LEDGER_DAYS * DAY_MS), beforeDue).map((at) => {
      const ms = at.getTime();
      return [
        s.id,
        at.toISOString(),
        'delivered',
        'bench-host/1/abcdef12',
        ms + DEFAULT_LEASE_MS,
        1,
        `${ms / 1000}.000100`,
        at.toISOString(),
        ms,
      ];
    }),
  );
  await insertRows(
    client,
    'deliveries',
    ['subscription_id', 'occurrence', 'status', 'owner', 'lease_until', 'post_attempts', 'message_id', 'updated_at', 'first_post_at'],
    ledger,
  );
  await client.query('ANALYZE');
  return { ledgerRows: ledger.length };
}

interface Sample {
  /** Reading and planning. */
  ms: number;
  /** Moving the next runs on (ours only). */
  advanceMs: number;
  rows: number;
  heapBytes: number;
  /** The deliveries planned. */
  due: string[];
  /** The subscriptions read as due. */
  read: string[];
}

const collect = () => (globalThis as { gc?: () => void }).gc?.();

/** Ours: the due subscriptions, their ledger rows, the plan, and each next run moved on (as after every delivery settled). */
async function passOurs(store: Store, now: Date): Promise<Sample> {
  collect();
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  const subscriptions = await store.dueSubscriptions(now, ['slack']);
  const ledger =
    subscriptions.length > 0 ? await store.dueDeliveriesSince(new Date(now.getTime() - WINDOW.lookbackMs).toISOString(), now) : [];
  const plans = planPass(subscriptions, ledger, now, WINDOW);
  const heapBytes = process.memoryUsage().heapUsed - heap;
  const ms = performance.now() - started;
  await Promise.all(plans.map(({ subscription }) => store.advanceNextRun(subscription, nextRunAfter(subscription, [], now))));
  return {
    ms,
    advanceMs: performance.now() - started - ms,
    rows: subscriptions.length + ledger.length,
    heapBytes,
    due: plans.flatMap((plan) => plan.deliver.map((due) => due.key.key)),
    read: subscriptions.map((subscription) => subscription.id),
  };
}

/** The old way: every active subscription and the recent ledger, planned as before (from `since` or the look-back). */
async function passOldWay(store: Store, now: Date): Promise<Sample> {
  collect();
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  const subscriptions = await store.activeSubscriptions();
  const ledger = await store.deliveriesSince(new Date(now.getTime() - WINDOW.lookbackMs).toISOString());
  const scheduled: ScheduledSubscription[] = subscriptions.map((subscription) => ({ ...subscription, nextRun: subscription.since }));
  const plans = planPass(scheduled, ledger, now, WINDOW);
  const heapBytes = process.memoryUsage().heapUsed - heap;
  const ms = performance.now() - started;
  return {
    ms,
    advanceMs: 0,
    rows: subscriptions.length + ledger.length,
    heapBytes,
    due: plans.flatMap((plan) => plan.deliver.map((due) => due.key.key)),
    read: subscriptions.map((subscription) => subscription.id),
  };
}

const cost = (samples: Sample[]): PassCost => ({
  time_ms: spread(samples.map((sample) => sample.ms)),
  advance_ms: spread(samples.map((sample) => sample.advanceMs)),
  rows_read: samples[0]!.rows,
  heap_mb: spread(samples.map((sample) => sample.heapBytes / 2 ** 20)),
});

/** Runs `run` with a store and a connection in a schema of its own, dropped afterwards. */
async function inFreshSchema<T>(
  url: string,
  prefix: string,
  run: (schema: { store: PostgresStore; client: pg.Client; schema: string }) => Promise<T>,
): Promise<T> {
  const schema = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await withClient(url, (admin) => admin.query(`CREATE SCHEMA ${schema}`));
  const store = await PostgresStore.open(schemaUrl(url, schema));
  const client = new pg.Client({ connectionString: schemaUrl(url, schema) });
  await client.connect();
  try {
    return await run({ store, client, schema });
  } finally {
    await client.end();
    await store.close();
    await withClient(url, (admin) => admin.query(`DROP SCHEMA ${schema} CASCADE`));
  }
}

async function passCosts(url: string, count: number, runs: number): Promise<PassCosts> {
  return inFreshSchema(url, 'bench_scale', async ({ store, client }) => {
    const { ledgerRows } = await populate(client, count);
    const samples = { dueOurs: [] as Sample[], dueOld: [] as Sample[], quietOurs: [] as Sample[], quietOld: [] as Sample[] };
    // A warm-up of ours (the old way warms itself: it reads everything), then `runs` rounds, the two ways alternating.
    await passOurs(store, QUIET_MINUTE);
    for (let run = 0; run < runs; run++) {
      const dueOld = await passOldWay(store, DUE_MINUTE);
      const dueOurs = await passOurs(store, DUE_MINUTE);
      // Back to due for the next round (untimed): the pass above moved them on.
      await client.query('UPDATE subscriptions SET next_run = $1 WHERE id = ANY($2)', [DUE_MINUTE.toISOString(), dueOurs.read]);
      if (dueOurs.due.slice().sort().join() !== dueOld.due.slice().sort().join())
        throw new Error(
          `at ${count} subscriptions the two ways planned different deliveries (${dueOurs.due.length} vs ${dueOld.due.length})`,
        );
      const quietOld = await passOldWay(store, QUIET_MINUTE);
      const quietOurs = await passOurs(store, QUIET_MINUTE);
      samples.dueOurs.push(dueOurs);
      samples.dueOld.push(dueOld);
      samples.quietOurs.push(quietOurs);
      samples.quietOld.push(quietOld);
    }
    const sizes = await client.query<{ subscriptions: string; deliveries: string }>(
      `SELECT pg_total_relation_size('subscriptions') AS subscriptions, pg_total_relation_size('deliveries') AS deliveries`,
    );
    return {
      subscriptions: count,
      ledger_rows: ledgerRows,
      bytes_per_subscription_row: Math.round(Number(sizes.rows[0]!.subscriptions) / count),
      bytes_per_ledger_row: Math.round(Number(sizes.rows[0]!.deliveries) / ledgerRows),
      due: samples.dueOurs[0]!.due.length,
      due_minute: { ours: cost(samples.dueOurs), old_way: cost(samples.dueOld) },
      quiet_minute: { ours: cost(samples.quietOurs), old_way: cost(samples.quietOld) },
    };
  });
}

/**
 * A year of digests for `daily` daily and `weekly` weekly subscriptions over ten workspaces,
 * each occurrence claimed, started and settled through the store as a pass does, the store pruned
 * every day as the running bot does (and, on PostgreSQL, vacuumed weekly as autovacuum would).
 */
async function simulateYear(store: Store, daily: number, weekly: number, vacuum: () => Promise<void>): Promise<number[]> {
  const subscriptions = [];
  for (let index = 0; index < daily + weekly; index++) {
    const channel = { platform: 'slack' as const, workspace: `T${index % 10}`, channel: `C${index}` };
    await store.saveInstallation({ platform: 'slack', workspace: channel.workspace, scopes: ['chat:write', 'commands'] }, SUBSCRIBED);
    const weeklyOne = index >= daily;
    subscriptions.push(
      await store.saveSubscription(
        channel,
        {
          cadence: weeklyOne ? 'weekly' : 'daily',
          hour: 9,
          minute: 0,
          zone: 'Asia/Seoul',
          quiet: false,
          ...(weeklyOne ? { weekday: 1 } : {}),
        },
        SUBSCRIBED,
      ),
    );
  }
  const written = [0, 0];
  for (let day = 0; day < 365; day++) {
    const from = new Date(SUBSCRIBED.getTime() + day * DAY_MS);
    const to = new Date(from.getTime() + DAY_MS - 1);
    await Promise.all(
      subscriptions.flatMap((subscription) =>
        occurrencesBetween(subscription, from, to).map(async (at) => {
          const key = deliveryKey(subscription.id, at);
          await store.claimDelivery(key, 'bench-host/1/abcdef12', DEFAULT_LEASE_MS);
          await store.startPost(key, 'bench-host/1/abcdef12', DEFAULT_LEASE_MS);
          await store.settleDelivery(key, { status: 'delivered', messageId: `${at.getTime() / 1000}.000100` });
          written[subscription.cadence === 'daily' ? 0 : 1]!++;
        }),
      ),
    );
    await pruneOnce(store, RETENTION_DAYS, to);
    if (day % 7 === 6) await vacuum();
  }
  return written;
}

const perSubscription = (tables: { table: string; rows: number; bytes: number }[], subscriptions: number): TableGrowth[] =>
  tables.map(({ table, rows, bytes }) => {
    const grows = GROWS_WITH[table] ?? 'nothing (bookkeeping)';
    const per = grows.startsWith('subscriptions');
    return {
      table,
      grows_with: grows,
      rows,
      bytes,
      rows_per_subscription: per ? twoDecimals(rows / subscriptions) : '',
      bytes_per_subscription: per ? Math.round(bytes / subscriptions) : '',
    };
  });

async function growthSqlite(daily: number, weekly: number): Promise<Growth> {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-bench-growth-'));
  const path = join(dir, 'dateline.db');
  const store = await SqliteStore.open(path);
  try {
    const written = await simulateYear(store, daily, weekly, async () => undefined);
    await store.close();
    const db = new BetterSqlite3(path);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const rows = db
        .prepare<[], { table: string; bytes: number }>(
          `SELECT coalesce(m.tbl_name, s.name) AS "table", sum(s.pgsize) AS bytes
           FROM dbstat s LEFT JOIN sqlite_master m ON m.name = s.name
           WHERE coalesce(m.tbl_name, s.name) NOT LIKE 'sqlite_%' GROUP BY 1 ORDER BY 1`,
        )
        .all();
      const tables = rows.map(({ table, bytes }) => ({
        table,
        bytes,
        rows: (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n,
      }));
      const kept = db.prepare<[], { cadence: string; n: number }>(KEPT_BY_CADENCE).all();
      return growthOf('sqlite', daily, weekly, written, kept, perSubscription(tables, daily + weekly));
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function growthPostgres(url: string, daily: number, weekly: number): Promise<Growth> {
  return inFreshSchema(url, 'bench_growth', async ({ store, client, schema }) => {
    const written = await simulateYear(store, daily, weekly, async () => {
      await client.query('VACUUM deliveries');
    });
    await client.query('VACUUM ANALYZE');
    const { rows } = await client.query<{ table: string; bytes: string }>(
      `SELECT tablename AS "table", pg_total_relation_size(format('%I.%I', schemaname, tablename)) AS bytes
       FROM pg_tables WHERE schemaname = $1 ORDER BY 1`,
      [schema],
    );
    const tables = [];
    for (const { table, bytes } of rows) {
      const counted = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
      tables.push({ table, bytes: Number(bytes), rows: Number(counted.rows[0]!.n) });
    }
    const kept = await client.query<{ cadence: string; n: string }>(KEPT_BY_CADENCE);
    return growthOf('postgres', daily, weekly, written, kept.rows, perSubscription(tables, daily + weekly));
  });
}

/** Ledger rows by cadence, the same SQL on both databases. */
const KEPT_BY_CADENCE = `SELECT s.cadence AS cadence, count(*) AS n FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id GROUP BY s.cadence`;

const growthOf = (
  store: Growth['store'],
  daily: number,
  weekly: number,
  written: number[],
  kept: { cadence: string; n: number | string }[],
  tables: TableGrowth[],
): Growth => ({
  store,
  daily,
  weekly,
  retention_days: RETENTION_DAYS,
  written_per_daily: twoDecimals(written[0]! / daily),
  written_per_weekly: twoDecimals(written[1]! / weekly),
  kept_per_daily: twoDecimals(Number(kept.find((row) => row.cadence === 'daily')?.n ?? 0) / daily),
  kept_per_weekly: twoDecimals(Number(kept.find((row) => row.cadence === 'weekly')?.n ?? 0) / weekly),
  tables,
});

export async function benchScale({ quick }: { quick: boolean }): Promise<ScaleFigures> {
  const runs = 3;
  const [daily, weekly] = quick ? [50, 50] : [100, 100];
  const url = process.env.DATELINE_BENCH_DATABASE_URL ?? process.env.DATELINE_TEST_DATABASE_URL;
  const growth = [await growthSqlite(daily, weekly)];
  if (!url)
    return {
      skipped:
        'no PostgreSQL: set DATELINE_BENCH_DATABASE_URL (or DATELINE_TEST_DATABASE_URL; eval "$(tests/support/start-postgres.sh)" starts one)',
      growth,
    };
  growth.push(await growthPostgres(url, daily, weekly));
  const passes = [];
  for (const count of quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]) passes.push(await passCosts(url, count, runs));
  return { database: 'postgres', passes, growth };
}

const showCost = (figure: PassCost) =>
  `${showSpread(figure.time_ms)} ms, ${figure.rows_read.toLocaleString('en')} rows, heap +${twoDecimals(figure.heap_mb.median)} MB`;

/** Prints the section's tables. */
export function printScale(figures: ScaleFigures): void {
  if (!('passes' in figures)) console.log(`Scale: pass cost on PostgreSQL skipped: ${figures.skipped}`);
  else {
    console.log(
      'Scale: a pass reading and planning on PostgreSQL (median of 3 rounds, lowest–highest; rows the pass read; growth of the heap meanwhile), ours (next-run index) vs the old way (every subscription and the recent ledger)',
    );
    console.table(
      figures.passes.flatMap((pass) =>
        (['due_minute', 'quiet_minute'] as const).map((minute) => ({
          subscriptions: pass.subscriptions,
          'ledger rows': pass.ledger_rows,
          minute: minute === 'due_minute' ? `due (${pass.due.toLocaleString('en')} digests)` : 'nothing due',
          ours: showCost(pass[minute].ours),
          'ours: next runs moved on': `${showSpread(pass[minute].ours.advance_ms)} ms`,
          'old way': showCost(pass[minute].old_way),
          speedup: twoDecimals(pass[minute].old_way.time_ms.median / pass[minute].ours.time_ms.median),
        })),
      ),
    );
    console.log(
      `Bytes per row at scale (pg_total_relation_size, indexes included): ${figures.passes
        .map(
          (pass) =>
            `${pass.subscriptions.toLocaleString('en')}: subscription ${pass.bytes_per_subscription_row}, ledger ${pass.bytes_per_ledger_row}`,
        )
        .join('; ')}`,
    );
  }
  for (const growth of figures.growth) {
    console.log(
      `Growth per subscription-year on ${growth.store}: a year of ${growth.daily} daily and ${growth.weekly} weekly digests, pruned at ${growth.retention_days} days. Ledger rows written in the year per daily subscription ${growth.written_per_daily}, per weekly ${growth.written_per_weekly}; kept at its end per daily ${growth.kept_per_daily}, per weekly ${growth.kept_per_weekly}. Every table at the end:`,
    );
    console.table(growth.tables);
  }
}
