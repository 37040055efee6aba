// PostingLimits and its post windows: posts to one channel are paced from the end of the last
// one without holding up other channels, a workspace keeps to its rate (counted from each post's
// answer) and concurrency, and a 429's Retry-After holds the workspace back and teaches it the
// rate the platform accepted.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type PostOutcome, type PostSlot, PostingLimits, PostWindow, type Workspaces } from '../../src/scheduler/limits.ts';
import type { ChannelRef } from '../../src/types.ts';

const channel = (id: string, workspace = 'T1'): ChannelRef => ({ platform: 'slack', workspace, channel: id });

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A delivery as delivery.ts makes one: a slot acquired, the post, the slot released with what the platform answered. */
async function deliver(limits: PostingLimits, to: ChannelRef, post: (slot: PostSlot) => Promise<PostOutcome | undefined>): Promise<void> {
  const slot = await limits.acquire(to);
  let outcome: PostOutcome | undefined;
  try {
    outcome = await post(slot);
  } finally {
    slot.release(outcome);
  }
}

/** A post that, once its turn comes, notes when it started and takes `takesMs` to be answered, a 429 with `refusedFor` when given. */
const posting =
  (starts: number[], takesMs = 0, refusedFor?: number) =>
  async (slot: PostSlot): Promise<PostOutcome> => {
    await slot.sendTurn();
    starts.push(Date.now());
    if (takesMs > 0) await wait(takesMs);
    return { retryAfterMs: refusedFor };
  };

describe('PostingLimits', () => {
  afterEach(() => vi.useRealTimers());

  it('paces posts to one channel from the end of the last one, and starts another channel’s at once', async () => {
    vi.useFakeTimers();
    const limits = new PostingLimits({ slack: { concurrency: 8, perChannelPerSecond: 1 }, teams: { concurrency: 8 } });
    const started: [string, number][] = [];
    const post = (name: string, takesMs: number) => async (slot: PostSlot) => {
      await slot.sendTurn();
      started.push([name, Date.now()]);
      await wait(takesMs);
      return undefined;
    };
    const t0 = Date.now();
    const done = Promise.all([
      deliver(limits, channel('A'), post('A1', 300)),
      deliver(limits, channel('A'), post('A2', 0)),
      deliver(limits, channel('B'), post('B1', 0)),
    ]);
    await vi.advanceTimersByTimeAsync(10);
    expect(started.map(([name]) => name)).toEqual(['A1', 'B1']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started.map(([name]) => name)).toEqual(['A1', 'B1']);
    await vi.advanceTimersByTimeAsync(400);
    await done;
    // A1 ended at 300 ms: A2 starts a second later, not a second after A1 started.
    expect(started.find(([name]) => name === 'A2')![1] - t0).toBe(1_300);
  });

  it('keeps a workspace under its concurrency', async () => {
    const limits = new PostingLimits({ slack: { concurrency: 2 }, teams: { concurrency: 8 } });
    let running = 0;
    let most = 0;
    const post = async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return undefined;
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => deliver(limits, channel(`C${i}`), post)));
    expect(most).toBe(2);
  });

  it('gives a slot back once, however often it is released', async () => {
    const limits = new PostingLimits({ slack: { concurrency: 1 }, teams: { concurrency: 8 } });
    const first = await limits.acquire(channel('A'));
    first.release();
    first.release();
    const held: PostSlot[] = [];
    const waiting = Promise.all(
      [limits.acquire(channel('B')), limits.acquire(channel('C'))].map((slot) => slot.then((got) => held.push(got))),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(held).toHaveLength(1);
    held[0]!.release();
    await waiting;
    expect(held).toHaveLength(2);
    held[1]!.release();
  });

  it('lets a workspace post its rate in any second, each post counted until a second after its answer, and keeps another workspace apart', async () => {
    vi.useFakeTimers();
    const limits = new PostingLimits({ slack: { concurrency: 16, perSecond: 10 }, teams: { concurrency: 8 } });
    const starts: number[] = [];
    const others: number[] = [];
    const t0 = Date.now();
    const done = Promise.all([
      ...Array.from({ length: 25 }, (_, i) => deliver(limits, channel(`C${i}`), posting(starts, 300))),
      ...Array.from({ length: 5 }, (_, i) => deliver(limits, channel(`D${i}`, 'T2'), posting(others, 300))),
    ]);
    await vi.advanceTimersByTimeAsync(3_000);
    await done;
    // Ten at once; each answered at 300 ms, so the next ten a second after that, whatever the latency.
    expect(starts.map((at) => at - t0)).toEqual([...Array(10).fill(0), ...Array(10).fill(1_300), ...Array(5).fill(2_600)]);
    expect(others.map((at) => at - t0)).toEqual(Array(5).fill(0));
  });

  it('learns a workspace’s rate from the posts answered before a 429, not those still in flight, waits out its Retry-After, and keeps the rate for the next pass', async () => {
    vi.useFakeTimers();
    const workspaces: Workspaces = new Map();
    const limits = new PostingLimits({ slack: { concurrency: 64 }, teams: { concurrency: 8 } }, workspaces);
    expect(limits.workspaceRate(channel('C0'))).toBeUndefined();
    // No rate yet: 30 posts are answered at once; then 10 are in flight when the next one is refused.
    await Promise.all(Array.from({ length: 30 }, (_, i) => deliver(limits, channel(`C${i}`), posting([]))));
    const inFlight = Array.from({ length: 10 }, (_, i) => deliver(limits, channel(`F${i}`), posting([], 50, i === 0 ? 2_000 : undefined)));
    await deliver(limits, channel('R'), posting([], 0, 2_000));
    expect(limits.workspaceRate(channel('C0'))).toBe(30);
    // The posts in flight with it are refused too, and teach nothing more.
    await vi.advanceTimersByTimeAsync(50);
    await Promise.all(inFlight);
    expect(limits.workspaceRate(channel('C0'))).toBe(30);
    const starts: number[] = [];
    const t0 = Date.now();
    const done = Promise.all(Array.from({ length: 40 }, (_, i) => deliver(limits, channel(`E${i}`), posting(starts))));
    await vi.advanceTimersByTimeAsync(5_000);
    await done;
    // Nothing until the last Retry-After has passed, then 30 in the first second and the rest in the next.
    expect(starts[0]! - t0).toBe(2_000);
    expect(starts.filter((at) => at < starts[0]! + 1_000)).toHaveLength(30);
    expect(starts.at(-1)! - starts[0]!).toBe(1_000);
    expect(new PostingLimits(undefined, workspaces).workspaceRate(channel('C0'))).toBe(30);
  });

  it('counts what the platform accepted from a second before the refused post was sent, however late its 429 is heard', async () => {
    vi.useFakeTimers();
    const limits = new PostingLimits({ slack: { concurrency: 8 }, teams: { concurrency: 8 } });
    await Promise.all(Array.from({ length: 30 }, (_, i) => deliver(limits, channel(`C${i}`), posting([]))));
    await vi.advanceTimersByTimeAsync(500);
    // Sent half a second after the others were answered, its 429 heard 1.2 s after them.
    const refused = deliver(limits, channel('R'), posting([], 700, 1_000));
    await vi.advanceTimersByTimeAsync(700);
    await refused;
    expect(limits.workspaceRate(channel('C0'))).toBe(30);
  });

  it('does not take a rate from a 429 after a handful of posts, but still waits it out', async () => {
    let now = 0;
    const window = new PostWindow(undefined, () => now);
    for (let i = 0; i < 3; i++) window.done(await window.take());
    window.done(await window.take(), 1_000);
    expect(window.rate).toBeUndefined();
    vi.useFakeTimers();
    let passed = false;
    const taking = window.take().then(() => (passed = true));
    now = 999;
    await vi.advanceTimersByTimeAsync(999);
    expect(passed).toBe(false);
    now = 1_000;
    await vi.advanceTimersByTimeAsync(1);
    await taking;
    expect(passed).toBe(true);
  });
});
