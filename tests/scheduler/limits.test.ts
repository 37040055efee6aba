// PostingLimits and its token buckets: posts to one channel are paced from the end of the last
// one without holding up other channels, a workspace keeps to its rate and concurrency, and a
// 429's Retry-After holds the workspace back and teaches it the rate the platform accepted.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostingLimits, TokenBucket } from '../../src/scheduler/limits.ts';
import type { ChannelRef } from '../../src/types.ts';

const channel = (id: string, workspace = 'T1'): ChannelRef => ({ platform: 'slack', workspace, channel: id });

describe('PostingLimits', () => {
  afterEach(() => vi.useRealTimers());

  it('paces posts to one channel from the end of the last one, and starts another channel’s at once', async () => {
    vi.useFakeTimers();
    const limits = new PostingLimits({ slack: { concurrency: 8, perChannelPerSecond: 1 }, teams: { concurrency: 8 } });
    const started: [string, number][] = [];
    const post = (name: string, takesMs: number) => async () => {
      started.push([name, Date.now()]);
      await new Promise((resolve) => setTimeout(resolve, takesMs));
    };
    const t0 = Date.now();
    const done = Promise.all([
      limits.run(channel('A'), post('A1', 300)),
      limits.run(channel('A'), post('A2', 0)),
      limits.run(channel('B'), post('B1', 0)),
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
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => limits.run(channel(`C${i}`), post)));
    expect(most).toBe(2);
  });

  it('keeps a workspace to its rate, and another workspace apart', async () => {
    vi.useFakeTimers();
    const limits = new PostingLimits({ slack: { concurrency: 8, perSecond: 10 }, teams: { concurrency: 8 } });
    const starts: number[] = [];
    const others: number[] = [];
    const done = Promise.all([
      ...Array.from({ length: 20 }, (_, i) => limits.run(channel(`C${i}`), async () => void starts.push(Date.now()))),
      ...Array.from({ length: 5 }, (_, i) => limits.run(channel(`D${i}`, 'T2'), async () => void others.push(Date.now()))),
    ]);
    await vi.advanceTimersByTimeAsync(3_000);
    await done;
    expect(starts).toHaveLength(20);
    // Two posts of burst, then one every 100 ms.
    expect(starts.slice(0, 3)).toEqual([starts[0], starts[0], starts[0]]);
    expect(starts.at(-1)! - starts[0]!).toBe(1_700);
    expect(others.at(-1)! - others[0]!).toBe(200);
  });

  it('learns a workspace’s rate from a 429, waits out its Retry-After, and keeps the rate for the next pass', async () => {
    vi.useFakeTimers();
    const learnt = new Map<string, number>();
    const limits = new PostingLimits({ slack: { concurrency: 8 }, teams: { concurrency: 8 } }, learnt);
    expect(limits.workspaceRate(channel('C0'))).toBeUndefined();
    // No rate yet: 41 posts go through at once, and the platform accepts 40 and refuses the last.
    await Promise.all(Array.from({ length: 41 }, (_, i) => limits.run(channel(`C${i}`), async () => undefined)));
    limits.rateLimited(channel('C0'), 2_000);
    expect(limits.workspaceRate(channel('C0'))).toBe(38);
    // The posts in flight with it are refused too, and teach nothing more.
    limits.rateLimited(channel('C1'), 2_000);
    expect(limits.workspaceRate(channel('C0'))).toBe(38);
    const starts: number[] = [];
    const t0 = Date.now();
    const done = Promise.all(
      Array.from({ length: 39 }, (_, i) => limits.run(channel(`E${i}`), async () => void starts.push(Date.now() - t0))),
    );
    await vi.advanceTimersByTimeAsync(4_000);
    await done;
    expect(starts[0]).toBe(2_000);
    // 39 posts at 38 a second, the first three at once (the burst): the last 36 intervals later.
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(Math.floor((36 * 1_000) / 38));
    expect(starts.at(-1)! - starts[0]!).toBeLessThanOrEqual(Math.ceil((36 * 1_000) / 38));
    expect(new PostingLimits(undefined, learnt).workspaceRate(channel('C0'))).toBe(38);
  });

  it('does not take a rate from a 429 after a handful of posts, but still waits it out', async () => {
    let now = 0;
    const bucket = new TokenBucket(undefined, 0, () => now);
    for (let i = 0; i < 3; i++) await bucket.take();
    bucket.learn(1_000);
    expect(bucket.rate).toBeUndefined();
    vi.useFakeTimers();
    let passed = false;
    const taking = bucket.take().then(() => (passed = true));
    now = 999;
    await vi.advanceTimersByTimeAsync(999);
    expect(passed).toBe(false);
    now = 1_000;
    await vi.advanceTimersByTimeAsync(1);
    await taking;
    expect(passed).toBe(true);
  });
});
