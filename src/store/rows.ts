// Table rows to models, shared by the SQLite and PostgreSQL stores. The two drivers differ in
// column types only: SQLite gives ISO text, 0/1 and numbers where PostgreSQL gives Date,
// boolean and BIGINT-as-string, so the mappers accept both.
import type { Selectable } from 'kysely';
import type { Weekday } from '../commands/types.ts';
import type { StoredConversation } from './conversations.ts';
import type { Claim, DeliveryRecord } from './deliveries.ts';
import type { InstallationRecord } from './installations.ts';
import type { ConversationsTable, DeliveriesTable, InstallationsTable, SubscriptionsTable, WebhooksTable } from './schema.ts';
import type { Subscription } from './subscriptions.ts';
import type { WebhookRecord } from './webhooks.ts';

export function subscriptionFromRow(row: Selectable<SubscriptionsTable>): Subscription {
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
  if (row.days !== null) subscription.days = row.days.split(',').map(Number) as Weekday[];
  if (row.theme_id !== null) subscription.themeId = row.theme_id;
  if (row.paused_at !== null)
    subscription.paused = {
      at: new Date(row.paused_at),
      reason: row.pause_kind ?? 'channel',
      ...(row.pause_reason ? { detail: row.pause_reason } : {}),
    };
  return subscription;
}

export function claimFromRow(row: Pick<Selectable<DeliveriesTable>, 'post_attempts' | 'first_post_at'>): Claim {
  const claim: Claim = { postAttempts: row.post_attempts };
  if (row.first_post_at !== null) claim.firstPostAt = new Date(Number(row.first_post_at));
  return claim;
}

export function deliveryFromRow(row: Selectable<DeliveriesTable>): DeliveryRecord {
  const record: DeliveryRecord = {
    subscriptionId: row.subscription_id,
    occurrence: row.occurrence,
    status: row.status,
    leaseUntil: new Date(Number(row.lease_until)),
    ...claimFromRow(row),
  };
  if (row.owner !== null) record.owner = row.owner;
  if (row.message_id !== null) record.messageId = row.message_id;
  if (row.detail !== null) record.detail = row.detail;
  return record;
}

export function conversationFromRow(row: Selectable<ConversationsTable>): StoredConversation {
  return {
    channel: { platform: row.platform, workspace: row.workspace, channel: row.channel },
    reference: JSON.parse(row.reference) as unknown,
    updatedAt: new Date(row.updated_at),
  };
}

export function installationFromRow(row: Selectable<InstallationsTable>): InstallationRecord {
  const installation: InstallationRecord = {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    scopes: row.scopes.split(' ').filter(Boolean),
    installedAt: new Date(row.installed_at),
    state: row.state,
    updatedAt: new Date(row.updated_at),
    hasSecret: row.secret !== null,
  };
  if (row.enterprise_id !== null) installation.enterpriseId = row.enterprise_id;
  if (row.tenant_id !== null) installation.tenantId = row.tenant_id;
  if (row.bot_user_id !== null) installation.botUserId = row.bot_user_id;
  if (row.installed_by !== null) installation.installedBy = row.installed_by;
  if (row.state_reason !== null) installation.stateReason = row.state_reason;
  return installation;
}

export function webhookFromRow(row: Selectable<WebhooksTable>): WebhookRecord {
  const webhook: WebhookRecord = { name: row.name, format: row.format, sealedUrl: row.url, createdAt: new Date(row.created_at) };
  if (row.last_at !== null && row.last_outcome !== null) {
    webhook.lastAttempt = {
      at: new Date(row.last_at),
      outcome: row.last_outcome,
      ...(row.last_detail === null ? {} : { detail: row.last_detail }),
    };
  }
  return webhook;
}
