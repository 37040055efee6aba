// The answers owed to acked commands and clicks: each worked out after its ack, a few at once,
// after the acks being sent, then delivered; counted, so that commands are turned away once
// MAX_OWED are owed; tracked so that shutdown can wait for them (acked answers are still owed
// after the server stops taking requests).
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import pLimit from 'p-limit';
import { metrics } from '../../src/index.ts';

/**
 * Answers being worked out at once. In a burst of commands this keeps answering from crowding
 * out acks, which Slack needs within 3 s; an answer's response_url stays valid for 30 minutes.
 * Only the work is limited: sending the answer (bounded by the client's timeout) holds no slot,
 * so that slow response_urls never hold up other people's answers.
 */
const ANSWER_CONCURRENCY = 8;

/**
 * Longest an answer waits for the acks in progress, from when it was queued: under a flood of
 * requests that never lets up, answers still go out, sharing the CPU with the acks.
 */
const ACKS_FIRST_MAX_MS = 1_000;

/**
 * Most answers owed at once. Past it a command is turned away at its ack, with a reply that says
 * so: in a flood the backlog stays bounded (about 10 KB of memory an answer owed, 20 MB in all),
 * and nobody gets an answer minutes after asking. 2,000 answers are under a second of work
 * (about 0.4 ms each).
 */
const MAX_OWED = 2_000;

export interface Answers {
  /** Whether another answer can be owed now (see MAX_OWED); if not, the request should be turned away at its ack. */
  accepts(): boolean;
  /** Answers acked and not yet delivered (or failed). */
  owed(): number;
  /**
   * Works out an answer (limited, see above), then delivers it; a failure goes to the queue's
   * `failed`, so the promise never rejects. A listener need not wait for it, and should not:
   * waiting kept Bolt's whole request alive until its answer was sent (about 10 KB an answer
   * owed, hundreds of MB after a flood).
   */
  answer<T>(work: () => Promise<T>, deliver: (result: T) => Promise<unknown>): Promise<void>;
  /** Counts a request being acked until its response is sent: answers wait for it (see ACKS_FIRST_MAX_MS). */
  acking(res: ServerResponse): void;
  /** Resolves once every answer queued so far has been delivered (or has failed). */
  drain(): Promise<void>;
}

export function answerQueue(
  failed: (error: unknown) => void,
  { concurrency = ANSWER_CONCURRENCY, acksFirstMaxMs = ACKS_FIRST_MAX_MS, maxOwed = MAX_OWED } = {},
): Answers {
  const limit = pLimit(concurrency);
  const inFlight = new Set<Promise<unknown>>();
  let acksInProgress = 0;
  let acksSent: (() => void)[] = [];
  /** Resolves when no ack is in progress, or at `deadline` (ms since the epoch). */
  const afterAcks = (deadline: number) =>
    acksInProgress === 0
      ? undefined
      : new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now());
          acksSent.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
  // Answers start one a turn of the event loop, each after the I/O already waiting (new requests,
  // to be acked) has been served and once those acks are sent. Started together, a burst's
  // answers ran back to back while the acks waited (at 200 commands a second, the acks' p99 was
  // 1.5 to 2 times as long).
  let lastTurn: Promise<unknown> = Promise.resolve();
  const turnOfItsOwn = (deadline: number) => (lastTurn = lastTurn.then(() => nextTurn()).then(() => afterAcks(deadline)));
  return {
    accepts: () => inFlight.size < maxOwed,
    owed: () => inFlight.size,
    answer(work, deliver) {
      const deadline = Date.now() + acksFirstMaxMs;
      const answered = metrics.answerSeconds.startTimer({ platform: 'slack' });
      const answer = limit(() => turnOfItsOwn(deadline).then(work))
        .then(deliver)
        .then(
          () => void answered(),
          (error: unknown) => {
            failed(error);
          },
        );
      inFlight.add(answer);
      metrics.answersOwed.inc({ platform: 'slack' });
      void answer.finally(() => {
        inFlight.delete(answer);
        metrics.answersOwed.dec({ platform: 'slack' });
      });
      return answer;
    },
    acking(res) {
      acksInProgress++;
      res.once('close', () => {
        if (--acksInProgress > 0) return;
        const waiting = acksSent;
        acksSent = [];
        for (const resume of waiting) resume();
      });
    },
    async drain() {
      // Answers never reject (see answer).
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
