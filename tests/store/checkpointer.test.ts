// The WAL checkpointer: the connection stops checkpointing inside its commits, a worker copies
// the WAL into the database file instead, and a worker that cannot start hands checkpoints back.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointInWorker } from '../../src/store/checkpointer.ts';

let dir: string;
let path: string;
let sqlite: BetterSqlite3.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dateline-checkpoint-'));
  path = join(dir, 'dateline.db');
  sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE keys (key TEXT PRIMARY KEY)');
});

afterEach(() => {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Polls until `done` holds; fails after 10 s (a real clock: the worker runs on one). */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const autocheckpoint = () => sqlite.pragma('wal_autocheckpoint', { simple: true });

describe('WAL checkpoints in a worker', () => {
  it('leaves the commits to the WAL and copies it into the database file from the worker', async () => {
    const checkpointer = checkpointInWorker(sqlite, path);
    expect(autocheckpoint()).toBe(0);
    const before = statSync(path).size;
    const insert = sqlite.prepare('INSERT INTO keys (key) VALUES (?)');
    // Each its own commit, as the replay check writes: far past SQLite's 1,000-page threshold.
    for (let i = 0; i < 3_000; i++) insert.run(`slack-request:v0=${i.toString(16).padStart(64, '0')}`);
    await until(() => statSync(path).size > before, 'the worker to checkpoint');
    await checkpointer.stop();
    expect(sqlite.prepare('SELECT count(*) FROM keys').pluck().get()).toBe(3_000);
  });

  it('keeps the WAL near its limit under writes that never pause, instead of only when traffic stops', async () => {
    const limit = 4 * 1024 * 1024;
    const checkpointer = checkpointInWorker(sqlite, path, { intervalMs: 100, walLimitBytes: limit });
    const insert = sqlite.prepare('INSERT INTO keys (key) VALUES (?)');
    const walBytes = () => statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    let largest = 0;
    let written = 0;
    const stopAt = Date.now() + 3_000;
    // A commit at a time, as the replay check writes, in bursts with the gaps a server leaves between them.
    while (Date.now() < stopAt) {
      for (let i = 0; i < 20; i++) insert.run(`slack-request:v0=${(written++).toString(16).padStart(64, '0')}`);
      largest = Math.max(largest, walBytes());
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await checkpointer.stop();
    // Some 10,000 commits of ~10 KB of WAL each: without the TRUNCATE the WAL reached 103 MB; with it, 17.5 MB.
    expect(written * 8_000).toBeGreaterThan(16 * limit);
    expect(largest).toBeLessThan(8 * limit);
  });

  it('hands checkpoints back to the connection when the worker cannot open the database', async () => {
    const checkpointer = checkpointInWorker(sqlite, join(dir, 'missing', 'dateline.db'));
    await until(() => autocheckpoint() === 1_000, 'checkpoints to come back');
    await checkpointer.stop();
  });
});
