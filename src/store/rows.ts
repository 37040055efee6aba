// Table rows to models, shared by the SQLite and PostgreSQL stores. The two drivers differ in
// column types only: SQLite gives ISO text, 0/1 and numbers where PostgreSQL gives Date,
// boolean and BIGINT-as-string, so the mappers accept both.
import type { Cadence, Weekday } from '../commands/types.ts';
import type { StoredConversation } from './conversations.ts';
import type { DeliveryRecord, DeliveryStatus } from './deliveries.ts';
import type { Subscription } from './subscriptions.ts';
import type { ChannelRef } from '../types.ts';

type Instant = string | Date;

export interface SubscriptionRow {
  id: string;
  platform: ChannelRef['platform'];
  workspace: string;
  channel: string;
  cadence: Cadence;
  hour: number;
  minute: number;
  weekday: number | null;
  zone: string;
  quiet: number | boolean;
  theme_id: string | null;
  since: Instant;
  paused_at: Instant | null;
  pause_reason: string | null;
}

export interface DeliveryRow {
  subscription_id: string;
  occurrence: string;
  status: DeliveryStatus;
  owner: string | null;
  lease_until: number | string;
  post_attempts: number;
  message_id: string | null;
  detail: string | null;
}

export function subscriptionFromRow(row: SubscriptionRow): Subscription {
  const subscription: Subscription = {
    id: row.id,
    channel: { platform: row.platform, workspace: row.workspace, channel: row.channel },
    cadence: row.cadence,
    hour: row.hour,
    minute: row.minute,
    zone: row.zone,
    quiet: Boolean(row.quiet),
    since: new Date(row.since),
  };
  if (row.weekday !== null) subscription.weekday = row.weekday as Weekday;
  if (row.theme_id !== null) subscription.themeId = row.theme_id;
  if (row.paused_at !== null) subscription.paused = { at: new Date(row.paused_at), reason: row.pause_reason ?? '' };
  return subscription;
}

export function deliveryFromRow(row: DeliveryRow): DeliveryRecord {
  const record: DeliveryRecord = {
    subscriptionId: row.subscription_id,
    occurrence: row.occurrence,
    status: row.status,
    leaseUntil: new Date(Number(row.lease_until)),
    postAttempts: row.post_attempts,
  };
  if (row.owner !== null) record.owner = row.owner;
  if (row.message_id !== null) record.messageId = row.message_id;
  if (row.detail !== null) record.detail = row.detail;
  return record;
}

export interface ConversationRow {
  platform: ChannelRef['platform'];
  workspace: string;
  channel: string;
  reference: string;
  updated_at: Instant;
}

export function conversationFromRow(row: ConversationRow): StoredConversation {
  return {
    channel: { platform: row.platform, workspace: row.workspace, channel: row.channel },
    reference: JSON.parse(row.reference) as unknown,
    updatedAt: new Date(row.updated_at),
  };
}
