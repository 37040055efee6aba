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

  it('hands checkpoints back to the connection when the worker cannot open the database', async () => {
    const checkpointer = checkpointInWorker(sqlite, join(dir, 'missing', 'dateline.db'));
    await until(() => autocheckpoint() === 1_000, 'checkpoints to come back');
    await checkpointer.stop();
  });
});
