// The tables both stores keep, typed for Kysely, and the named migrations that create them,
// written once: the dialects differ only in the column types for instants, flags and
// milliseconds, and in how they read their own clock (see Dialect).
import { sql, type ColumnType, type Kysely, type Migration, type RawBuilder } from 'kysely';
import type { Cadence } from '../commands/types.ts';
import type { ChannelRef } from '../types.ts';
import type { DeliveryStatus } from './deliveries.ts';
import type { InstallationState } from './installations.ts';
import type { PauseReason } from './subscriptions.ts';

/** ISO text on SQLite, a Date from PostgreSQL; written as ISO text, which both accept. */
type Instant = ColumnType<string | Date, string, string>;
/** 0/1 on SQLite, a boolean from PostgreSQL; written as 0/1, which both accept. */
type Flag = ColumnType<number | boolean, number, number>;
/** Text that may be null, and may be left out of an insert. */
type OptionalText = ColumnType<string | null, string | null | undefined, string | null>;
/** Milliseconds since the epoch: a number on SQLite, BIGINT text from PostgreSQL. */
type Milliseconds = ColumnType<number | string, number, number>;

export interface ConversationsTable {
  platform: ChannelRef['platform'];
  workspace: string;
  channel: string;
  reference: string;
  updated_at: Instant;
  /** The installation the conversation belongs to (a Teams team, or the chat itself). */
  team: OptionalText;
}

export interface SubscriptionsTable {
  id: string;
  platform: ChannelRef['platform'];
  workspace: string;
  channel: string;
  cadence: Cadence;
  hour: number;
  minute: number;
  weekday: number | null;
  /** Daily only: the weekdays it runs on, as "1,3,5"; null means every day. */
  days: string | null;
  zone: string;
  quiet: Flag;
  theme_id: string | null;
  since: Instant;
  paused_at: Instant | null;
  /** The platform's words for a pause, when it gave some. */
  pause_reason: string | null;
  /** Why it is paused (PauseReason); null when it is not, or on rows paused before it was kept. */
  pause_kind: ColumnType<PauseReason | null, PauseReason | null | undefined, PauseReason | null>;
  /** Teams: the installation of the subscribed channel's conversation (its team, or the chat); null elsewhere (Slack's is its workspace). */
  team: OptionalText;
  /**
   * The earliest instant (UTC) its next unsettled occurrence can be at: a pass reads only the
   * subscriptions whose next run has come (see src/scheduler/due.ts). Never later than that
   * occurrence; earlier after a resume or on a row from before it was kept, which costs one read.
   */
  next_run: Instant;
}

export interface DeliveriesTable {
  subscription_id: string;
  occurrence: string;
  status: DeliveryStatus;
  owner: string | null;
  /** On the database's clock, like every instant of the ledger. */
  lease_until: Milliseconds;
  post_attempts: number;
  message_id: string | null;
  detail: string | null;
  updated_at: Instant;
  /** When the first post for this delivery started; null until one does (and on rows from before it was kept). */
  first_post_at: Milliseconds | null;
}

/** Keys of requests and actions already processed (replays.ts), each until it expires. */
export interface ReplaysTable {
  key: string;
  expires_at: Milliseconds;
}

/** One per platform and workspace (installations.ts); `secret` is sealed, and null unless active. */
export interface InstallationsTable {
  id: string;
  platform: ChannelRef['platform'];
  workspace: string;
  enterprise_id: string | null;
  tenant_id: string | null;
  bot_user_id: string | null;
  /** Space-separated. */
  scopes: string;
  installed_by: string | null;
  installed_at: Instant;
  state: InstallationState;
  state_reason: string | null;
  updated_at: Instant;
  secret: string | null;
}

/** An operator's incoming webhook (webhooks.ts); `url` is sealed. */
export interface WebhooksTable {
  name: string;
  format: string;
  url: string;
  created_at: Instant;
  last_at: Instant | null;
  last_outcome: string | null;
  last_detail: string | null;
}

export interface Database {
  installations: InstallationsTable;
  webhooks: WebhooksTable;
  conversations: ConversationsTable;
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  replays: ReplaysTable;
}

/** What differs between the two databases: column types, and the expressions that read the database's clock. */
export interface Dialect {
  types: { instant: 'text' | 'timestamptz'; flag: 'integer' | 'boolean'; milliseconds: 'integer' | 'bigint' };
  /** Now, as an instant column stores it. */
  now(): RawBuilder<string>;
  /** Now, in milliseconds since the epoch. */
  nowMs(): RawBuilder<number>;
}

/** The next run of a subscription saved by a release before 0008: the epoch, so it is due at once. */
const NEVER_READ = '1970-01-01T00:00:00.000Z';

export const SQLITE: Dialect = {
  types: { instant: 'text', flag: 'integer', milliseconds: 'integer' },
  now: () => sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  nowMs: () => sql<number>`CAST(unixepoch('subsec') * 1000 AS INTEGER)`,
};

export const POSTGRES: Dialect = {
  types: { instant: 'timestamptz', flag: 'boolean', milliseconds: 'bigint' },
  now: () => sql<string>`now()`,
  nowMs: () => sql<number>`(extract(epoch from now()) * 1000)::bigint`,
};

/**
 * Every schema change, by name, in the order Kysely's Migrator runs them (names sort in order).
 * The first is the schema databases made before named migrations already have, hence IF NOT
 * EXISTS: on such a database it changes nothing and is only recorded. Their old bookkeeping
 * table, schema_migrations, is left in place (docs/operations.md: "Several instances on PostgreSQL").
 */
export function migrations({ types }: Dialect): Record<string, Migration> {
  return {
    '0001_conversations_subscriptions_deliveries': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('conversations')
          .ifNotExists()
          .addColumn('platform', 'text', (column) => column.notNull())
          .addColumn('workspace', 'text', (column) => column.notNull())
          .addColumn('channel', 'text', (column) => column.notNull())
          .addColumn('reference', 'text', (column) => column.notNull())
          .addColumn('updated_at', types.instant, (column) => column.notNull())
          .addPrimaryKeyConstraint('conversations_pkey', ['platform', 'workspace', 'channel'])
          .execute();
        await db.schema
          .createTable('subscriptions')
          .ifNotExists()
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('platform', 'text', (column) => column.notNull())
          .addColumn('workspace', 'text', (column) => column.notNull())
          .addColumn('channel', 'text', (column) => column.notNull())
          .addColumn('cadence', 'text', (column) => column.notNull().check(sql`cadence IN ('daily', 'weekly')`))
          .addColumn('hour', 'integer', (column) => column.notNull())
          .addColumn('minute', 'integer', (column) => column.notNull())
          .addColumn('weekday', 'integer')
          .addColumn('zone', 'text', (column) => column.notNull())
          .addColumn('quiet', types.flag, (column) => column.notNull().defaultTo(sql.raw(types.flag === 'boolean' ? 'false' : '0')))
          .addColumn('theme_id', 'text')
          .addColumn('since', types.instant, (column) => column.notNull())
          .addColumn('paused_at', types.instant)
          .addColumn('pause_reason', 'text')
          .addUniqueConstraint('subscriptions_channel_cadence', ['platform', 'workspace', 'channel', 'cadence'])
          .execute();
        await db.schema
          .createIndex('subscriptions_workspace')
          .ifNotExists()
          .on('subscriptions')
          .columns(['platform', 'workspace'])
          .execute();
        await db.schema
          .createTable('deliveries')
          .ifNotExists()
          .addColumn('subscription_id', 'text', (column) => column.notNull())
          .addColumn('occurrence', 'text', (column) => column.notNull())
          .addColumn('status', 'text', (column) => column.notNull())
          .addColumn('owner', 'text')
          .addColumn('lease_until', types.milliseconds, (column) => column.notNull())
          .addColumn('post_attempts', 'integer', (column) => column.notNull())
          .addColumn('message_id', 'text')
          .addColumn('detail', 'text')
          .addColumn('updated_at', types.instant, (column) => column.notNull())
          .addPrimaryKeyConstraint('deliveries_pkey', ['subscription_id', 'occurrence'])
          .execute();
        await db.schema.createIndex('deliveries_occurrence').ifNotExists().on('deliveries').column('occurrence').execute();
      },
    },
    '0002_deliveries_first_post_at': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('deliveries').addColumn('first_post_at', types.milliseconds).execute();
      },
    },
    '0003_replays': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('replays')
          .addColumn('key', 'text', (column) => column.primaryKey())
          .addColumn('expires_at', types.milliseconds, (column) => column.notNull())
          .execute();
        await db.schema.createIndex('replays_expires_at').on('replays').column('expires_at').execute();
      },
    },
    '0004_installations': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('installations')
          .addColumn('id', 'text', (column) => column.primaryKey())
          .addColumn('platform', 'text', (column) => column.notNull())
          .addColumn('workspace', 'text', (column) => column.notNull())
          .addColumn('enterprise_id', 'text')
          .addColumn('tenant_id', 'text')
          .addColumn('bot_user_id', 'text')
          .addColumn('scopes', 'text', (column) => column.notNull())
          .addColumn('installed_by', 'text')
          .addColumn('installed_at', types.instant, (column) => column.notNull())
          .addColumn('state', 'text', (column) => column.notNull().check(sql`state IN ('active', 'uninstalled', 'revoked')`))
          .addColumn('state_reason', 'text')
          .addColumn('updated_at', types.instant, (column) => column.notNull())
          .addColumn('secret', 'text')
          .addUniqueConstraint('installations_workspace', ['platform', 'workspace'])
          .execute();
        // Teams: the team each conversation, and each subscription, belongs to.
        await db.schema.alterTable('conversations').addColumn('team', 'text').execute();
        await db.schema.alterTable('subscriptions').addColumn('team', 'text').execute();
      },
    },
    '0005_subscription_days': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('subscriptions').addColumn('days', 'text').execute();
      },
    },
    '0006_pause_kind_and_chat_installations': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('subscriptions').addColumn('pause_kind', 'text').execute();
        // The sentence a removal from a Teams team used to be stored as, and matched by when Dateline was added back.
        await sql`UPDATE subscriptions SET pause_kind = 'removed-from-team', pause_reason = NULL
          WHERE pause_reason = 'Dateline was removed from this team: add it to the team again to resume.'`.execute(db);
        await sql`UPDATE subscriptions SET pause_kind = 'channel' WHERE paused_at IS NOT NULL AND pause_kind IS NULL`.execute(db);
        // A Teams chat is its own installation: its conversation, and what hangs off it, name it.
        await sql`UPDATE conversations SET team = channel WHERE platform = 'teams' AND team IS NULL`.execute(db);
        await sql`UPDATE subscriptions SET team = channel WHERE platform = 'teams' AND team IS NULL`.execute(db);
      },
    },
    '0007_webhooks': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('webhooks')
          .addColumn('name', 'text', (column) => column.primaryKey())
          .addColumn('format', 'text', (column) => column.notNull())
          .addColumn('url', 'text', (column) => column.notNull())
          .addColumn('created_at', types.instant, (column) => column.notNull())
          .addColumn('last_at', types.instant)
          .addColumn('last_outcome', 'text')
          .addColumn('last_detail', 'text')
          .execute();
      },
    },
    '0008_subscription_next_run': {
      async up(db: Kysely<unknown>) {
        // A row written without one (by an older instance during a rolling upgrade) is due at once:
        // the pass starts from its `since`, so a lower bound never loses a digest.
        await db.schema
          .alterTable('subscriptions')
          .addColumn('next_run', types.instant, (column) => column.notNull().defaultTo(NEVER_READ))
          .execute();
        // A lower bound: the first pass reads each once, settles what is due and moves it on.
        await sql`UPDATE subscriptions SET next_run = since`.execute(db);
        // Paused subscriptions are never due: only the active ones are indexed.
        await db.schema
          .createIndex('subscriptions_next_run')
          .on('subscriptions')
          .column('next_run')
          .where(sql.ref('paused_at'), 'is', null)
          .execute();
      },
    },
  };
}
