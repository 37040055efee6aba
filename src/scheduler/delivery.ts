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
//
// A delivery moves through explicit states: unclaimed → (claimed and ready to post) → done, or
// → waiting to retry → ready again, a bounded number of times → released for a later pass.
// Each step (the claim and first post, or a retry) holds a slot of the posting limits
// (limits.ts) from `acquire` to `release`, and gives it back with the platform's 429, if any.
import type { Logger } from 'pino';
import type { Briefing } from '../briefing/model.ts';
import type { Digests } from '../digests/digests.ts';
import type { Claim } from '../store/deliveries.ts';
import type { Store } from '../store/store.ts';
import type { ChannelPoster } from '../adapter.ts';
import { metrics } from '../metrics.ts';
import type { DueDelivery } from './due.ts';
import type { PostingLimits, PostSlot } from './limits.ts';
import { PostError, type Platform } from '../types.ts';

/**
 * How long a claim is ours, unless DATELINE_LEASE_SECONDS says otherwise. Renewed before every
 * post, so it need only outlast one attempt (an in-doubt check and a post, each bounded by the
 * platform client's timeout) plus one retry wait and one wait for a turn in the workspace's
 * window; a post whose claim ran out meanwhile is not made (startPost finds it no longer ours).
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

/** Where a delivery stands after a step. */
type State =
  | { state: 'done'; outcome: Outcome }
  /** A retryable failure: the claim is still ours, the digest built. */
  | { state: 'retry'; held: Held; retryAfterMs: number | undefined; reason: string };

/** A delivery this instance has claimed, with its digest and the ledger's view of its posts. */
interface Held {
  due: DueDelivery;
  briefing: Briefing;
  claim: Claim;
  /** The last post was refused with a Retry-After (a 429): it certainly did not land, so there is nothing to look for. */
  refused?: boolean;
}

const done = (outcome: Outcome): State => ({ state: 'done', outcome });

interface DeliveryPassOptions {
  store: Store;
  digests: Digests;
  posters: ReadonlyMap<Platform, ChannelPoster>;
  limits: PostingLimits;
  owner: string;
  leaseMs: number;
  logger: Logger;
  /** The pass's clock, for what the bot reports (when a subscription was paused); leases use the store's. */
  clock(): Date;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
}

/** The deliveries of one scheduler pass. */
export class DeliveryPass {
  /** Workspaces found uninstalled in this pass: their remaining deliveries are not started. */
  private readonly brokenWorkspaces = new Set<string>();

  constructor(private readonly options: DeliveryPassOptions) {}

  async deliver(due: DueDelivery): Promise<Outcome> {
    const { store, owner, logger } = this.options;
    try {
      // The claim and the first post share one slot: claims are taken at the pace posts go out,
      // so that several instances share a busy minute's work instead of one claiming it all.
      let state = await this.step(due);
      for (let retries = 0; state.state === 'retry'; retries++) {
        const waitMs = state.retryAfterMs ?? BASE_RETRY_MS * 2 ** retries;
        if (retries >= RETRIES_PER_PASS || waitMs > MAX_RETRY_WAIT_MS || this.options.signal.aborted) {
          await store.releaseDelivery(due.key, owner, state.reason);
          logger.warn({ delivery: due.key.key, reason: state.reason, retries }, 'delivery postponed to a later pass');
          return 'retry-later';
        }
        try {
          await this.options.sleep(waitMs, this.options.signal);
        } catch {
          await store.releaseDelivery(due.key, owner, 'stopped while waiting to retry');
          return 'retry-later';
        }
        state = await this.step(due, state.held);
      }
      return state.outcome;
    } catch (error) {
      logger.error({ err: error, delivery: due.key.key }, 'delivery failed; a later pass retries it');
      await store.releaseDelivery(due.key, owner, 'unexpected error').catch(() => undefined);
      return 'retry-later';
    }
  }

  /**
   * One step of a delivery in a slot of the limits: the claim and the first post (no `held` yet),
   * or a retry of the post. The slot is given back with the step's 429, which holds back the
   * channel and the workspace and teaches the workspace its rate.
   */
  private async step(due: DueDelivery, held?: Held): Promise<State> {
    const slot = await this.options.limits.acquire(due.subscription.channel);
    let state: State | undefined;
    try {
      state = held ? await this.attempt(held, slot) : await this.claimAndPost(due, slot);
      return state;
    } finally {
      slot.release({ retryAfterMs: state?.state === 'retry' ? state.retryAfterMs : undefined });
    }
  }

  private async claimAndPost(due: DueDelivery, slot: PostSlot): Promise<State> {
    const { store } = this.options;
    if (this.options.signal.aborted || this.brokenWorkspaces.has(workspaceOf(due))) return done('not-ours');
    const claim = await store.claimDelivery(due.key, this.options.owner, this.options.leaseMs);
    if (!claim) return done('not-ours');
    const digest = this.options.digests.forSubscription(due.subscription, due.at);
    switch (digest.action) {
      case 'skip':
        await store.settleDelivery(due.key, { status: 'skipped', detail: digest.reason });
        return done('skipped');
      case 'pause':
        return done(await this.pause(due, new PostError('channel', digest.reason)));
      case 'post':
        return this.attempt({ due, briefing: digest.briefing, claim }, slot);
    }
  }

  /**
   * One post, when the slot's turn lets it through the workspace's window: first, when an earlier
   * post may have landed, a look for it in the channel. A 429 comes back in the retry state.
   */
  private async attempt(held: Held, slot: PostSlot): Promise<State> {
    const { store, owner, leaseMs } = this.options;
    const { due } = held;
    const { channel } = due.subscription;
    const poster = this.options.posters.get(channel.platform)!;
    await slot.sendTurn();
    try {
      if (held.claim.postAttempts > 0 && poster.findPosted && !held.refused) {
        const found = await poster.findPosted(channel, due.key, held.claim.firstPostAt);
        if (found !== undefined) {
          await store.settleDelivery(due.key, { status: 'delivered', messageId: found });
          return done('recovered');
        }
      }
      const started = await store.startPost(due.key, owner, leaseMs);
      if (!started) return done('not-ours');
      held.claim = started;
      const messageId = await poster.post(channel, held.briefing, due.key);
      await store.settleDelivery(due.key, { status: 'delivered', messageId });
      metrics.lateness.observe({ platform: channel.platform }, (this.options.clock().getTime() - due.at.getTime()) / 1000);
      return done('delivered');
    } catch (error) {
      if (!(error instanceof PostError)) throw error;
      if (error.kind === 'retry') {
        held.refused = error.retryAfterMs !== undefined;
        // A 429: counted here; its Retry-After goes back to the limits with the slot (see step).
        if (error.retryAfterMs !== undefined) metrics.rateLimited.inc({ platform: channel.platform });
        return { state: 'retry', held, retryAfterMs: error.retryAfterMs, reason: error.reason };
      }
      if (error.kind === 'uninstalled') return done(await this.skipUninstalled(due, error));
      return done(await this.pause(due, error));
    }
  }

  /** The workspace's install has ended: nothing is posted there, nothing paused (re-installing resumes it), nothing to warn about. */
  private async skipUninstalled(due: DueDelivery, error: PostError): Promise<'skipped'> {
    this.brokenWorkspaces.add(workspaceOf(due));
    await this.options.store.settleDelivery(due.key, { status: 'skipped', detail: error.reason });
    this.options.logger.info(
      { platform: due.subscription.channel.platform, workspace: due.subscription.channel.workspace, reason: error.reason },
      'install ended: delivery skipped',
    );
    return 'skipped';
  }

  /** A permanent failure: pauses the subscription, or every subscription of a broken install. */
  private async pause(due: DueDelivery, error: PostError): Promise<'paused'> {
    const { store, logger } = this.options;
    const { subscription } = due;
    const now = this.options.clock();
    if (error.kind === 'install') {
      this.brokenWorkspaces.add(workspaceOf(due));
      const count = await store.pauseWorkspace(subscription.channel.platform, subscription.channel.workspace, error.reason, now);
      logger.warn(
        { platform: subscription.channel.platform, workspace: subscription.channel.workspace, reason: error.reason, paused: count },
        'install broken: its subscriptions are paused',
      );
    } else {
      await store.pauseSubscription(subscription.id, error.reason, now);
      logger.warn({ subscription: subscription.id, channel: subscription.channel, reason: error.reason }, 'subscription paused');
    }
    await store.settleDelivery(due.key, { status: 'failed', detail: error.reason });
    return 'paused';
  }
}

const workspaceOf = (due: DueDelivery) => `${due.subscription.channel.platform}:${due.subscription.channel.workspace}`;
