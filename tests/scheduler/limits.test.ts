// PostingLimits: posts to one channel are paced without holding up other channels.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostingLimits } from '../../src/scheduler/limits.ts';
import type { ChannelRef } from '../../src/types.ts';

const channel = (id: string): ChannelRef => ({ platform: 'slack', workspace: 'T1', channel: id });

describe('PostingLimits', () => {
  afterEach(() => vi.useRealTimers());

  it('paces posts to one channel but starts another channel’s at once', async () => {
    vi.useFakeTimers();
    const limits = new PostingLimits({ slack: { concurrency: 8, perChannel: { intervalCap: 1, interval: 1_000 } }, teams: { concurrency: 8 } });
    const started: string[] = [];
    const post = (name: string) => async () => {
      started.push(name);
    };
    const done = Promise.all([limits.run(channel('A'), post('A1')), limits.run(channel('A'), post('A2')), limits.run(channel('B'), post('B1'))]);
    await vi.advanceTimersByTimeAsync(10);
    expect(started).toEqual(['A1', 'B1']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toEqual(['A1', 'B1', 'A2']);
    await done;
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
});
