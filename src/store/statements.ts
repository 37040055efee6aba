// The SQL both stores run, written once in the dialect SQLite and PostgreSQL share
// (INSERT … ON CONFLICT … DO UPDATE … WHERE, RETURNING) with `?` placeholders; the PostgreSQL
// store numbers them. Values are bound as text, numbers or null, which both accept for every
// column (PostgreSQL reads 1/0 as a boolean and ISO text as a timestamptz).
import type { ChannelRef } from '../dateline.ts';
import type { Settlement } from './deliveries.ts';
import type { SubscriptionSettings } from './subscriptions.ts';
import type { DeliveryKey } from '../surface.ts';

export type Param = string | number | null;

const channelWhere = 'platform = ? AND workspace = ? AND channel = ?';
const keyWhere = 'subscription_id = ? AND occurrence = ?';
/** A delivery anyone may claim: released, or claimed under a lease that has run out. */
const claimable = "deliveries.status = 'pending' OR (deliveries.status = 'claimed' AND deliveries.lease_until <= ?)";

export const SQL = {
  saveConversation: `INSERT INTO conversations (platform, workspace, channel, reference, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (platform, workspace, channel) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
  getConversation: `SELECT * FROM conversations WHERE ${channelWhere}`,
  deleteConversation: `DELETE FROM conversations WHERE ${channelWhere}`,

  saveSubscription: `INSERT INTO subscriptions (id, platform, workspace, channel, cadence, hour, minute, weekday, zone, quiet, theme_id, since)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (platform, workspace, channel, cadence) DO UPDATE SET
      hour = excluded.hour, minute = excluded.minute, weekday = excluded.weekday, zone = excluded.zone, quiet = excluded.quiet,
      theme_id = excluded.theme_id, since = excluded.since, paused_at = NULL, pause_reason = NULL
    RETURNING *`,
  subscriptionsOf: `SELECT * FROM subscriptions WHERE ${channelWhere} ORDER BY cadence`,
  activeSubscriptions: 'SELECT * FROM subscriptions WHERE paused_at IS NULL ORDER BY id',
  removeSubscriptions: `DELETE FROM subscriptions WHERE ${channelWhere} AND (? = 'all' OR cadence = ?)`,
  pauseSubscription: 'UPDATE subscriptions SET paused_at = ?, pause_reason = ? WHERE id = ?',
  pauseWorkspace: 'UPDATE subscriptions SET paused_at = ?, pause_reason = ? WHERE platform = ? AND workspace = ? AND paused_at IS NULL',

  claimDelivery: `INSERT INTO deliveries (subscription_id, occurrence, status, owner, lease_until, post_attempts, updated_at)
    VALUES (?, ?, 'claimed', ?, ?, 0, ?)
    ON CONFLICT (subscription_id, occurrence) DO UPDATE SET
      status = 'claimed', owner = excluded.owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
    WHERE ${claimable}
    RETURNING post_attempts`,
  startPost: `UPDATE deliveries SET post_attempts = post_attempts + 1, lease_until = ?, updated_at = ?
    WHERE ${keyWhere} AND status = 'claimed' AND owner = ? AND lease_until > ?`,
  settleDelivery: `UPDATE deliveries SET status = ?, message_id = ?, detail = ?, updated_at = ? WHERE ${keyWhere} AND status = 'claimed'`,
  releaseDelivery: `UPDATE deliveries SET status = 'pending', owner = NULL, detail = ?, updated_at = ?
    WHERE ${keyWhere} AND status = 'claimed' AND owner = ?`,
  recordMissed: `INSERT INTO deliveries (subscription_id, occurrence, status, lease_until, post_attempts, updated_at)
    VALUES (?, ?, 'missed', 0, 0, ?)
    ON CONFLICT (subscription_id, occurrence) DO UPDATE SET status = 'missed', owner = NULL, updated_at = excluded.updated_at
    WHERE ${claimable}
    RETURNING status`,
  deliveriesSince: 'SELECT * FROM deliveries WHERE occurrence >= ? ORDER BY occurrence, subscription_id',

  ping: 'SELECT 1 AS ok',
  /** A new key, or one whose time is up, is taken (a row comes back); a remembered one is not. */
  firstSeen: `INSERT INTO replays (key, expires_at) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE replays.expires_at <= ?
    RETURNING key`,
  forgetExpiredReplays: 'DELETE FROM replays WHERE expires_at <= ?',
} as const;

export const channelParams = (channel: ChannelRef): Param[] => [channel.platform, channel.workspace, channel.channel];
const keyParams = (key: DeliveryKey): Param[] => [key.subscriptionId, key.occurrence];

/** Parameters of each statement above, in placeholder order. */
export const params = {
  saveConversation: (channel: ChannelRef, reference: unknown, at: Date) => [...channelParams(channel), JSON.stringify(reference), at.toISOString()],
  saveSubscription: (id: string, channel: ChannelRef, settings: SubscriptionSettings, now: Date): Param[] => [
    id,
    ...channelParams(channel),
    settings.cadence,
    settings.hour,
    settings.minute,
    settings.weekday ?? null,
    settings.zone,
    settings.quiet ? 1 : 0,
    settings.themeId ?? null,
    now.toISOString(),
  ],
  removeSubscriptions: (channel: ChannelRef, which: string) => [...channelParams(channel), which, which],
  pauseSubscription: (id: string, reason: string, at: Date) => [at.toISOString(), reason, id],
  pauseWorkspace: (platform: string, workspace: string, reason: string, at: Date) => [at.toISOString(), reason, platform, workspace],
  claimDelivery: (key: DeliveryKey, owner: string, now: Date, leaseMs: number) => [
    ...keyParams(key),
    owner,
    now.getTime() + leaseMs,
    now.toISOString(),
    now.getTime(),
  ],
  startPost: (key: DeliveryKey, owner: string, now: Date, leaseMs: number) => [
    now.getTime() + leaseMs,
    now.toISOString(),
    ...keyParams(key),
    owner,
    now.getTime(),
  ],
  settleDelivery: (key: DeliveryKey, settlement: Settlement, now: Date) => [
    settlement.status,
    settlement.status === 'delivered' ? settlement.messageId : null,
    settlement.status === 'delivered' ? null : settlement.detail,
    now.toISOString(),
    ...keyParams(key),
  ],
  releaseDelivery: (key: DeliveryKey, owner: string, detail: string, now: Date) => [detail, now.toISOString(), ...keyParams(key), owner],
  recordMissed: (key: DeliveryKey, now: Date) => [...keyParams(key), now.toISOString(), now.getTime()],
  firstSeen: (key: string, now: Date, ttlMs: number) => [key, now.getTime() + ttlMs, now.getTime()],
};
