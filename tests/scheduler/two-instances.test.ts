// Two `run-due` processes on one database, with 200 subscriptions due in the same minute, posting
// to one recording stand-in for Slack that holds its answers until both processes are posting:
// every channel gets exactly one post, and both processes did part of the work.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { PassReport } from '../../src/scheduler/scheduler.ts';
import { startRecorder, type Recorder } from '../support/recorder.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';

const CHILD = fileURLToPath(new URL('../support/run-due-child.ts', import.meta.url));
const FACTS_DIR = fileURLToPath(new URL('../../facts', import.meta.url));
const SUBSCRIBED = new Date('2026-06-14T12:00:00Z');
const RUN_AT = '2026-06-15T00:00:00.000Z';
const CHANNELS = 200;

function runDueProcess(db: TestDatabase, recorder: Recorder): Promise<PassReport> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...db.env,
    RECORDER_URL: recorder.url,
    RUN_AT,
    FACTS_DIR,
    DATELINE_TZ: 'Asia/Seoul',
    LOG_LEVEL: 'error',
  };
  if (!db.env.DATABASE_URL) delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exited ${code}`);
        resolve(JSON.parse(out) as PassReport);
      } catch (error) {
        reject(new Error(`run-due failed (${String(error)}):\n${out}\n${err}`));
      }
    });
  });
}

describeEachStore('two run-due processes', (kind) => {
  let db: TestDatabase;
  let recorder: Recorder;

  beforeEach(async () => {
    db = await kind.create();
    recorder = await startRecorder({ holdUntilOwners: 2 });
    const store = await db.connect();
    for (let index = 0; index < CHANNELS; index++) {
      const channel = { platform: 'slack' as const, workspace: `T${index % 4}`, channel: `C${index}` };
      await store.saveSubscription(channel, { cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false }, SUBSCRIBED);
    }
  });
  afterEach(async () => {
    await recorder.close();
    await db.dispose();
  });

  it('post every one of 200 digests due in the same minute exactly once', async () => {
    const reports = await Promise.all([runDueProcess(db, recorder), runDueProcess(db, recorder)]);
    expect(recorder.posts).toHaveLength(CHANNELS);
    expect(new Set(recorder.posts.map((post) => post.channel)).size).toBe(CHANNELS);
    expect(new Set(recorder.posts.map((post) => post.key)).size).toBe(CHANNELS);
    expect(reports.map((report) => report.delivered).reduce((sum, count) => sum + count)).toBe(CHANNELS);
    expect(reports.every((report) => report.delivered > 0)).toBe(true);
    expect(new Set(recorder.posts.map((post) => post.owner)).size).toBe(2);
    const store = await db.connect();
    const ledger = await store.deliveriesSince('');
    expect(ledger.filter((record) => record.status === 'delivered' && record.occurrence === RUN_AT)).toHaveLength(CHANNELS);
    // Every next run moved on to the next day: nothing is due until then.
    expect(await store.dueSubscriptions(new Date('2026-06-15T23:59:59Z'), ['slack'])).toEqual([]);
    expect(await store.dueSubscriptions(new Date('2026-06-16T00:00:00Z'), ['slack'])).toHaveLength(CHANNELS);
  }, 60_000);
});
