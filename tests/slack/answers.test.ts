// The answer queue: answers start one a turn of the event loop, so that what arrives meanwhile
// (requests to ack) is served between two of them, after the acks in progress have been sent (or
// once they have waited long enough), and shutdown waits for every answer queued.
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { answerQueue } from '../../adapters/slack/answers.ts';

const fail = (error: unknown) => {
  throw error;
};

describe('answer queue', () => {
  it('starts each answer in an event-loop turn of its own', async () => {
    const queue = answerQueue(fail);
    const order: string[] = [];
    const first = queue.answer(
      async () => {
        order.push('first answer');
        // Stands for a request that arrives while the first answer is worked out.
        setImmediate(() => order.push('what arrived meanwhile'));
      },
      async () => undefined,
    );
    const second = queue.answer(
      async () => order.push('second answer'),
      async () => undefined,
    );
    await Promise.all([first, second]);
    expect(order).toEqual(['first answer', 'what arrived meanwhile', 'second answer']);
  });

  it('drains only once every answer queued has been delivered, failed ones included', async () => {
    const failures: unknown[] = [];
    const queue = answerQueue((error) => failures.push(error), { concurrency: 1 });
    const delivered: number[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    void queue.answer(
      () => held.then(() => 1),
      async (n) => delivered.push(n),
    );
    // Resolves all the same: the failure goes to the queue's handler.
    const failing = queue.answer(
      async () => {
        throw new Error('the core failed');
      },
      async () => undefined,
    );
    void queue.answer(
      async () => 3,
      async (n) => delivered.push(n),
    );
    const drained = queue.drain().then(() => [...delivered]);
    release();
    expect(await drained).toEqual([1, 3]);
    await expect(failing).resolves.toBeUndefined();
    expect(failures).toEqual([new Error('the core failed')]);
  });

  it('starts an answer once the acks in progress have been sent', async () => {
    const queue = answerQueue(fail);
    const ack = new EventEmitter();
    queue.acking(ack as ServerResponse);
    let started = false;
    const answered = queue.answer(
      async () => {
        started = true;
      },
      async () => undefined,
    );
    for (let i = 0; i < 5; i++) await turn();
    expect(started).toBe(false);
    ack.emit('close');
    await answered;
    expect(started).toBe(true);
  });

  it('under acks that never end, starts an answer once it has waited its longest', async () => {
    const queue = answerQueue(fail, { acksFirstMaxMs: 30 });
    queue.acking(new EventEmitter() as ServerResponse);
    const queued = performance.now();
    await queue.answer(
      async () => undefined,
      async () => undefined,
    );
    expect(performance.now() - queued).toBeGreaterThanOrEqual(25);
  });
});
