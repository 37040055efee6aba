// The answers owed to acked commands and clicks: each worked out after its ack, a few at once,
// then delivered; tracked so that shutdown can wait for them (acked answers are still owed after
// the server stops taking requests).
import pLimit from 'p-limit';

/**
 * Answers being worked out at once. In a burst of commands this keeps answering from crowding
 * out acks, which Slack needs within 3 s; an answer's response_url stays valid for 30 minutes.
 * Only the work is limited: sending the answer (bounded by the client's timeout) holds no slot,
 * so that slow response_urls never hold up other people's answers.
 */
const ANSWER_CONCURRENCY = 8;

export interface Answers {
  /** Works out an answer (limited, see above), then delivers it. */
  answer<T>(work: () => Promise<T>, deliver: (result: T) => Promise<unknown>): Promise<void>;
  /** Resolves once every answer queued so far has been delivered (or has failed). */
  drain(): Promise<void>;
}

export function answerQueue(concurrency = ANSWER_CONCURRENCY): Answers {
  const limit = pLimit(concurrency);
  const inFlight = new Set<Promise<unknown>>();
  // Answers start one a turn of the event loop, each after the I/O already waiting (new requests,
  // to be acked) has been served. Started together, a burst's answers ran back to back while the
  // acks waited (at 200 commands a second, the acks' p99 was 1.5 to 2 times as long).
  let lastTurn: Promise<unknown> = Promise.resolve();
  const turnOfItsOwn = () => (lastTurn = lastTurn.then(() => new Promise((resolve) => setImmediate(resolve))));
  return {
    answer(work, deliver) {
      const answer = limit(() => turnOfItsOwn().then(work))
        .then(deliver)
        .then(() => undefined);
      inFlight.add(answer);
      void answer.finally(() => inFlight.delete(answer)).catch(() => undefined);
      return answer;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
