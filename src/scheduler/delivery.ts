// Delivering one due digest exactly once: claim it in the ledger under a lease, settle a
// delivery in doubt through the poster's findPosted, post through the platform's poster with
// bounded retries, and record the outcome. A failure here never holds up another channel.
//
// The guarantee, per platform:
// - A poster with findPosted (Slack: our message metadata carries the delivery key) gets
//   exactly-once: whenever an earlier post for the key may have landed (the process died
//   between post and record, or a post timed out), the channel is searched before posting again.
// - A poster without it (Teams: a proactive message carries no key we can look up) gets
//   at-least-once whenever a post's outcome is unknown: a gateway error or timeout after
//   sending is retried, and a process that dies after the platform accepted the message and
//   before the ledger recorded it leaves a claim that is taken over when its lease runs out.
//   We chose that over at-most-once because giving up on every in-doubt delivery would also
//   drop digests whose post never started (a crash while building or queueing it).
import type { Logger } from 'pino';
import type { Briefing } from '../briefing/model.ts';
import type { Dateline } from '../dateline.ts';
import type { Store } from '../store/store.ts';
import type { Subscription } from '../store/subscriptions.ts';
import { type ChannelPoster } from '../adapter.ts';
import type { DueDelivery } from './due.ts';
import type { PostingLimits } from './limits.ts';
import { PostError, type Platform } from '../types.ts';

/**
 * How long a claim is ours, unless DATELINE_LEASE_SECONDS says otherwise. Renewed before every
 * post, so it need only outlast one attempt (an in-doubt check and a post, each bounded by the
 * platform client's timeout) plus one retry wait.
 */
export const DEFAULT_LEASE_MS = 5 * 60_000;
/** Retries of a retryable failure within one pass; after that a later pass tries again. */
const RETRIES_PER_PASS = 3;
/** A Retry-After longer than this releases the claim to a later pass instead of waiting. */
const MAX_RETRY_WAIT_MS = 30_000;
/** The first wait when the platform gives no Retry-After; doubled on each retry. */
const BASE_RETRY_MS = 1_000;

export type Outcome =
  | 'delivered'
  /** An in-doubt delivery found already posted, and recorded without posting again. */
  | 'recovered'
  | 'skipped'
  | 'paused'
  /** Released after retryable failures: a later pass retries. */
  | 'retry-later'
  /** Held or settled by someone else, or not started because the pass was stopped. */
  | 'not-ours';

export interface DeliveryContext {
  store: Store;
  dateline: Dateline;
  posters: ReadonlyMap<Platform, ChannelPoster>;
  limits: PostingLimits;
  owner: string;
  leaseMs: number;
  logger: Logger;
  /** The pass's clock: its instant, moving on with real time as the pass runs. */
  clock(): Date;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
  /** Workspaces found uninstalled in this pass: their remaining deliveries are not started. */
  brokenWorkspaces: Set<string>;
}

type Step = { done: Outcome } | { retryAfterMs: number | undefined; reason: string };

/** A claimed delivery with its digest, and how many posts for it have started, by anyone. */
interface Claimed {
  briefing: Briefing;
  postsStarted: number;
}

const workspaceOf = (subscription: Subscription) => `${subscription.channel.platform}:${subscription.channel.workspace}`;

/** The digest an occurrence posts, undefined when there is nothing to post, or why it cannot run. */
function digestFor(dateline: Dateline, subscription: Subscription, at: Date): Briefing | undefined | { pause: string } {
  if (subscription.cadence === 'daily') return dateline.digests.daily(at, subscription.zone, { quiet: subscription.quiet });
  if (subscription.themeId && !dateline.catalog.theme(subscription.themeId)) {
    return { pause: `The theme "${subscription.themeId}" is no longer in the fact packs: subscribe again with another theme.` };
  }
  return dateline.digests.weekly(at, subscription.zone, subscription.themeId);
}

export async function deliver(context: DeliveryContext, due: DueDelivery): Promise<Outcome> {
  try {
    // The claim and the first post share one slot: claims are taken at the pace posts go out,
    // so that several instances share a busy minute's work instead of one claiming it all.
    const first = await context.limits.run(due.subscription.channel, async (): Promise<{ outcome: Outcome } | { claimed: Claimed; step: Step }> => {
      if (context.signal.aborted || context.brokenWorkspaces.has(workspaceOf(due.subscription))) return { outcome: 'not-ours' };
      const claimed = await claim(context, due);
      return typeof claimed === 'string' ? { outcome: claimed } : { claimed, step: await attempt(context, due, claimed) };
    });
    return 'outcome' in first ? first.outcome : await retry(context, due, first.claimed, first.step);
  } catch (error) {
    context.logger.error({ err: error, delivery: due.key.key }, 'delivery failed; a later pass retries it');
    await context.store.releaseDelivery(due.key, context.owner, 'unexpected error', context.clock()).catch(() => undefined);
    return 'retry-later';
  }
}

async function claim(context: DeliveryContext, due: DueDelivery): Promise<Claimed | Outcome> {
  const { store } = context;
  const claimed = await store.claimDelivery(due.key, context.owner, context.clock(), context.leaseMs);
  if (!claimed) return 'not-ours';
  const digest = digestFor(context.dateline, due.subscription, due.at);
  if (digest === undefined) {
    const detail = due.subscription.cadence === 'daily' ? 'nothing due on a quiet day' : 'no themes to digest';
    await store.settleDelivery(due.key, { status: 'skipped', detail }, context.clock());
    return 'skipped';
  }
  if ('pause' in digest) return pause(context, due, new PostError('channel', digest.pause));
  return { briefing: digest, postsStarted: claimed.postAttempts };
}

/** Retries a retryable failure a bounded number of times, waiting outside the workspace's queue. */
async function retry(context: DeliveryContext, due: DueDelivery, claimed: Claimed, firstStep: Step): Promise<Outcome> {
  let step = firstStep;
  for (let retries = 0; ; retries++) {
    if ('done' in step) return step.done;
    const waitMs = step.retryAfterMs ?? BASE_RETRY_MS * 2 ** retries;
    if (retries >= RETRIES_PER_PASS || waitMs > MAX_RETRY_WAIT_MS || context.signal.aborted) {
      await context.store.releaseDelivery(due.key, context.owner, step.reason, context.clock());
      context.logger.warn({ delivery: due.key.key, reason: step.reason, retries }, 'delivery postponed to a later pass');
      return 'retry-later';
    }
    try {
      await context.sleep(waitMs, context.signal);
    } catch {
      await context.store.releaseDelivery(due.key, context.owner, 'stopped while waiting to retry', context.clock());
      return 'retry-later';
    }
    step = await context.limits.run(due.subscription.channel, () => attempt(context, due, claimed));
  }
}

/** One post: first, when an earlier post may have landed, a look for it in the channel. */
async function attempt(context: DeliveryContext, due: DueDelivery, claimed: Claimed): Promise<Step> {
  const { store, owner } = context;
  const { channel } = due.subscription;
  const poster = context.posters.get(channel.platform)!;
  try {
    if (claimed.postsStarted > 0 && poster.findPosted) {
      const found = await poster.findPosted(channel, due.key);
      if (found !== undefined) {
        await store.settleDelivery(due.key, { status: 'delivered', messageId: found }, context.clock());
        return { done: 'recovered' };
      }
    }
    if (!(await store.startPost(due.key, owner, context.clock(), context.leaseMs))) return { done: 'not-ours' };
    claimed.postsStarted++;
    const messageId = await poster.post(channel, claimed.briefing, due.key);
    await store.settleDelivery(due.key, { status: 'delivered', messageId }, context.clock());
    return { done: 'delivered' };
  } catch (error) {
    if (!(error instanceof PostError)) throw error;
    if (error.kind === 'retry') return { retryAfterMs: error.retryAfterMs, reason: error.reason };
    return { done: await pause(context, due, error) };
  }
}

/** A permanent failure: pauses the subscription, or every subscription of a broken install. */
async function pause(context: DeliveryContext, due: DueDelivery, error: PostError): Promise<'paused'> {
  const { store, logger } = context;
  const { subscription } = due;
  const now = context.clock();
  if (error.kind === 'install') {
    context.brokenWorkspaces.add(workspaceOf(subscription));
    const count = await store.pauseWorkspace(subscription.channel.platform, subscription.channel.workspace, error.reason, now);
    logger.warn({ platform: subscription.channel.platform, workspace: subscription.channel.workspace, reason: error.reason, paused: count }, 'install broken: its subscriptions are paused');
  } else {
    await store.pauseSubscription(subscription.id, error.reason, now);
    logger.warn({ subscription: subscription.id, channel: subscription.channel, reason: error.reason }, 'subscription paused');
  }
  await store.settleDelivery(due.key, { status: 'failed', detail: error.reason }, now);
  return 'paused';
}
