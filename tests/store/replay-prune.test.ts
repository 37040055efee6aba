// The replay cache's pruning: expired keys are deleted a bounded batch at a time, so that the
// keys of a burst of requests, expiring together, never hold the event loop in one big delete.
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
