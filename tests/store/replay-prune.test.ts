// The replay cache on SQLite: expired keys are deleted a bounded batch at a time, so that the
// keys of a burst of requests, expiring together, never hold the event loop in one big delete;
// and the keys asked for in one turn, taken in one transaction, fail together when the file is gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.ts';

it('deletes expired replay keys at most 250 at a time, every 100 new keys', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-replays-'));
  const path = join(dir, 'dateline.db');
  const store = await SqliteStore.open(path);
  const T0 = new Date('2026-06-01T00:00:00.000Z');
  const later = new Date(T0.getTime() + 2_000);
  try {
    // A burst: 600 keys living one second (the store prunes during it too, but nothing has expired).
    for (let i = 0; i < 600; i++) expect(await store.firstSeen(`burst-${i}`, T0, 1_000)).toBe(true);
    const reader = new BetterSqlite3(path, { readonly: true });
    const rows = () => (reader.prepare('SELECT count(*) AS n FROM replays').get() as { n: number }).n;
    expect(rows()).toBe(600);
    // The next 100 keys, once the burst's have expired: one prune, of one batch.
    for (let i = 0; i < 100; i++) await store.firstSeen(`next-${i}`, later, 1_000);
    expect(rows()).toBe(600 - 250 + 100);
    // Two more prunes delete the burst's last 350: only the 300 live keys are left.
    for (let i = 0; i < 200; i++) await store.firstSeen(`then-${i}`, later, 1_000);
    expect(rows()).toBe(300);
    reader.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

it('fails every replay check of a turn, and records none, once the database file was removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-replays-'));
  const path = join(dir, 'dateline.db');
  const store = await SqliteStore.open(path);
  try {
    const asked = ['a', 'b', 'c'].map((key) => store.firstSeen(`slack-request:v0=${key}`, new Date(), 60_000));
    // Removed before the turn ends, when the keys asked for in it are taken together.
    rmSync(path);
    const results = await Promise.allSettled(asked);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/was removed while Dateline was running/);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
