// The Store's behaviour, written once over the SQL both databases share (statements.ts). Each
// database supplies only how to run a statement, its migrations, and its connection.
import { randomUUID } from 'node:crypto';
import type { Cadence } from '../commands/types.ts';
import type { ChannelRef } from '../dateline.ts';
import type { DeliveryKey } from '../surface.ts';
import type { StoredConversation } from './conversations.ts';
import type { Claim, DeliveryRecord, Settlement } from './deliveries.ts';
import {
  conversationFromRow,
  deliveryFromRow,
  subscriptionFromRow,
  type ConversationRow,
  type DeliveryRow,
  type SubscriptionRow,
} from './rows.ts';
import { channelParams, params, SQL, type Param } from './statements.ts';
import type { Store } from './store.ts';
import type { Subscription, SubscriptionSettings } from './subscriptions.ts';

/** Expired replay keys are deleted every this many new ones, so the table stays as small as the window. */
const REPLAY_PRUNE_EVERY = 100;

export abstract class SqlStore implements Store {
  abstract readonly kind: string;
  private replaysSincePrune = 0;
  abstract close(): Promise<void>;
  /** Runs a statement that returns rows (SELECT, or a write with RETURNING). */
  protected abstract rows<Row>(sql: string, values?: Param[]): Promise<Row[]>;
  /** Runs a write and returns how many rows it changed. */
  protected abstract changes(sql: string, values?: Param[]): Promise<number>;

  async saveConversation(channel: ChannelRef, reference: unknown, at: Date): Promise<void> {
    await this.changes(SQL.saveConversation, params.saveConversation(channel, reference, at));
  }

  async getConversation(channel: ChannelRef): Promise<StoredConversation | undefined> {
    const [row] = await this.rows<ConversationRow>(SQL.getConversation, channelParams(channel));
    return row && conversationFromRow(row);
  }

  async deleteConversation(channel: ChannelRef): Promise<void> {
    await this.changes(SQL.deleteConversation, channelParams(channel));
  }

  async saveSubscription(channel: ChannelRef, settings: SubscriptionSettings, now: Date): Promise<Subscription> {
    const [row] = await this.rows<SubscriptionRow>(SQL.saveSubscription, params.saveSubscription(randomUUID(), channel, settings, now));
    return subscriptionFromRow(row!);
  }

  async subscriptionsOf(channel: ChannelRef): Promise<Subscription[]> {
    return (await this.rows<SubscriptionRow>(SQL.subscriptionsOf, channelParams(channel))).map(subscriptionFromRow);
  }

  async activeSubscriptions(): Promise<Subscription[]> {
    return (await this.rows<SubscriptionRow>(SQL.activeSubscriptions)).map(subscriptionFromRow);
  }

  removeSubscriptions(channel: ChannelRef, which: Cadence | 'all'): Promise<number> {
    return this.changes(SQL.removeSubscriptions, params.removeSubscriptions(channel, which));
  }

  async pauseSubscription(id: string, reason: string, at: Date): Promise<void> {
    await this.changes(SQL.pauseSubscription, params.pauseSubscription(id, reason, at));
  }

  pauseWorkspace(platform: ChannelRef['platform'], workspace: string, reason: string, at: Date): Promise<number> {
    return this.changes(SQL.pauseWorkspace, params.pauseWorkspace(platform, workspace, reason, at));
  }

  async claimDelivery(key: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<Claim | undefined> {
    const [row] = await this.rows<{ post_attempts: number }>(SQL.claimDelivery, params.claimDelivery(key, owner, now, leaseMs));
    return row && { postAttempts: row.post_attempts };
  }

  async startPost(key: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    return (await this.changes(SQL.startPost, params.startPost(key, owner, now, leaseMs))) === 1;
  }

  async settleDelivery(key: DeliveryKey, settlement: Settlement, now: Date): Promise<void> {
    await this.changes(SQL.settleDelivery, params.settleDelivery(key, settlement, now));
  }

  async releaseDelivery(key: DeliveryKey, owner: string, detail: string, now: Date): Promise<void> {
    await this.changes(SQL.releaseDelivery, params.releaseDelivery(key, owner, detail, now));
  }

  async recordMissed(key: DeliveryKey, now: Date): Promise<boolean> {
    return (await this.rows(SQL.recordMissed, params.recordMissed(key, now))).length === 1;
  }

  async deliveriesSince(occurrence: string): Promise<DeliveryRecord[]> {
    return (await this.rows<DeliveryRow>(SQL.deliveriesSince, [occurrence])).map(deliveryFromRow);
  }

  async ping(): Promise<void> {
    await this.rows(SQL.ping);
  }

  async firstSeen(key: string, now: Date, ttlMs: number): Promise<boolean> {
    const first = (await this.rows(SQL.firstSeen, params.firstSeen(key, now, ttlMs))).length === 1;
    if (first && ++this.replaysSincePrune >= REPLAY_PRUNE_EVERY) {
      this.replaysSincePrune = 0;
      await this.changes(SQL.forgetExpiredReplays, [now.getTime()]);
    }
    return first;
  }
}
