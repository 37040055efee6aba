// Retention: what the store no longer needs is deleted by age, so that it stays as small as the
// time it must remember. Settled ledger rows older than DATELINE_RETENTION_DAYS (their occurrence
// can never be claimed again once past the catch-up window), installations ended that long ago
// with everything that hangs off them (subscriptions, their ledger, Teams conversation references),
// and expired replay keys (otherwise pruned only while new requests arrive). It runs in small
// batches, one statement each, yielding between them, so that it never holds up a pass or a
// request for longer than one batch.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Logger } from 'pino';

/** Rows per statement: a few milliseconds of SQLite's lock at most. */
export const PRUNE_BATCH = 500;
/** How often the store is pruned while serving; the first prune runs this long after start-up too. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneCounts {
  deliveries: number;
  installations: number;
  replays: number;
}

export interface PrunableStore {
  /**
   * Deletes up to `batch` of each: settled deliveries whose occurrence is before `cutoff`,
   * installations ended before `cutoff` (with their subscriptions, deliveries and conversation
   * references), and replay keys expired at `now`. Returns how many of each it deleted.
   */
  pruneBatch(cutoff: Date, now: Date, batch: number): Promise<PruneCounts>;
}

/** Prunes everything older than `days` before `now`, batch after batch; returns the totals. */
export async function pruneOnce(store: PrunableStore, days: number, now: Date, batch = PRUNE_BATCH): Promise<PruneCounts> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const total: PruneCounts = { deliveries: 0, installations: 0, replays: 0 };
  for (;;) {
    const counts = await store.pruneBatch(cutoff, now, batch);
    total.deliveries += counts.deliveries;
    total.installations += counts.installations;
    total.replays += counts.replays;
    if (counts.deliveries < batch && counts.installations < batch && counts.replays < batch) return total;
    await yieldToLoop();
  }
}

export interface Retention {
  stop(): Promise<void>;
}

/** Prunes every PRUNE_EVERY_MS while serving; a failed prune is logged and tried again at the next. */
export function startRetention(store: PrunableStore, days: number, logger: Logger, clock: () => Date): Retention {
  let running: Promise<unknown> = Promise.resolve();
  const prune = () => {
    running = pruneOnce(store, days, clock()).then(
      (counts) => {
        if (counts.deliveries + counts.installations + counts.replays > 0) logger.info({ ...counts, days }, 'retention: old rows deleted');
      },
      (error: unknown) => logger.warn({ err: error }, 'retention: pruning the store failed; trying again later'),
    );
  };
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
