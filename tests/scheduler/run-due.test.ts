// `dateline run-due --at <instant>` as the CLI runs it (the runDue function, with the configured
// adapters' posters), on a real SQLite file: run twice at the same instant, it posts nothing the
// second time; a later run picks up the next occurrence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CoreConfig } from '../../src/config.ts';
import { runDue } from '../../src/cli/run-due.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { recordingPoster } from '../support/posters.ts';
import { silentLogger } from '../support/scheduler-harness.ts';
import { posterAdapter } from '../support/adapters.ts';

let dir: string;
let config: CoreConfig;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dateline-run-due-'));
  config = {
    port: 0,
    factsDir: fileURLToPath(new URL('../../facts', import.meta.url)),
    zone: 'Asia/Seoul',
    catchupHours: 6,
    dbPath: join(dir, 'data', 'dateline.db'),
    logLevel: 'silent',
  };
  const store = await SqliteStore.open(config.dbPath);
  await store.saveSubscription(
    { platform: 'slack', workspace: 'T1', channel: 'C1' },
    { cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false },
    new Date('2026-06-14T12:00:00Z'),
  );
  await store.saveSubscription(
    { platform: 'slack', workspace: 'T1', channel: 'C2' },
    { cadence: 'weekly', weekday: 1, hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false },
    new Date('2026-06-14T12:00:00Z'),
  );
  await store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('posts what is due at the instant once: a second run at the same instant posts nothing', async () => {
  const slack = recordingPoster('slack', { findPosted: true });
  const run = (at: string) => runDue({ config, env: {}, adapters: [posterAdapter(slack.poster)], at: new Date(at), logger: silentLogger });

  expect(await run('2026-06-15T00:00:00Z')).toMatchObject({ delivered: 2 });
  expect(await run('2026-06-15T00:00:00Z')).toMatchObject({ delivered: 0, recovered: 0 });
  expect(slack.posts.map((post) => [post.channel.channel, post.delivery.occurrence]).sort()).toEqual([
    ['C1', '2026-06-15T00:00:00.000Z'],
    ['C2', '2026-06-15T00:00:00.000Z'],
  ]);
  expect(slack.attempts).toHaveLength(2);

  expect(await run('2026-06-16T00:00:30Z')).toMatchObject({ delivered: 1 });
  expect(slack.posts.at(-1)!.delivery.occurrence).toBe('2026-06-16T00:00:00.000Z');
});
