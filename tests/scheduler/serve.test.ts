// The scheduler inside `dateline serve` (startBot): the desk answers subscription commands typed
// in a channel, the start-up catch-up posts through the adapters' posters what fell due while the
// bot was down, and closing the bot stops the scheduler's minute tick.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTasks } from 'node-cron';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CoreConfig } from '../../src/config.ts';
import { startBot } from '../../src/server/serve.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { recordingPoster } from '../support/posters.ts';
import { silentLogger } from '../support/scheduler-harness.ts';
import { posterAdapter } from '../support/adapters.ts';

const MINUTE_MS = 60_000;
let dir: string;
let config: CoreConfig;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dateline-serve-'));
  config = {
    port: 0,
    factsDir: fileURLToPath(new URL('../../facts', import.meta.url)),
    zone: 'UTC',
    catchupHours: 6,
    dbPath: join(dir, 'dateline.db'),
    logLevel: 'silent',
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('catches up at start-up through the adapters’ posters and answers subscription commands', async () => {
  // A daily digest that fell due an hour ago, on the real clock, while the bot was not running.
  const due = new Date(Math.floor((Date.now() - 60 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS);
  const channel = { platform: 'teams' as const, workspace: 'tenant-1', channel: '19:general' };
  const seed = await SqliteStore.open(config.dbPath);
  await seed.saveSubscription(
    channel,
    { cadence: 'daily', hour: due.getUTCHours(), minute: due.getUTCMinutes(), zone: 'UTC', quiet: false },
    new Date(due.getTime() - 2 * 24 * 60 * MINUTE_MS),
  );
  await seed.close();

  const teams = recordingPoster('teams');
  const ticking = () => [...getTasks().values()].filter((task) => task.name === 'dateline-digests');
  const bot = await startBot({ config, env: {}, adapters: [posterAdapter(teams.poster)], logger: silentLogger, host: '127.0.0.1' });
  try {
    expect(await bot.catchUp).toMatchObject({ delivered: 1 });
    expect(ticking()).toHaveLength(1);
    expect(teams.posts.map((post) => post.delivery.occurrence)).toEqual([due.toISOString()]);
    // /metrics counts the delivery, and how late it was against its minute: an hour, give or take the start.
    const metrics = await (await fetch(`http://127.0.0.1:${bot.port}/metrics`)).text();
    expect(metrics).toContain('dateline_deliveries_total{platform="teams",outcome="delivered"} 1');
    expect(metrics).toContain('dateline_digest_lateness_seconds_count{platform="teams"} 1');
    const lateness = Number(/dateline_digest_lateness_seconds_sum\{platform="teams"\} (\S+)/.exec(metrics)?.[1]);
    expect(lateness).toBeGreaterThanOrEqual(3_600);
    expect(lateness).toBeLessThan(3_600 + 120);

    const reply = await bot.dateline.ask('subscribe weekly theme regulation', { now: new Date(), channel });
    expect(reply.title).toBe('Subscribed this channel to the weekly digest');
    const listing = await bot.dateline.ask('subscriptions', { now: new Date(), channel });
    expect(listing.sections[0]!.items.map((item) => item.title)).toEqual([
      `Every day at ${due.toISOString().slice(11, 16)} (UTC)`,
      'Every Monday at 09:00 (UTC), theme: Regulation and policy',
    ]);
  } finally {
    await bot.close();
  }
  expect(ticking()).toEqual([]);
});
