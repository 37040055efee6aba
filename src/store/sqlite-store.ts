// The embedded store: SQLite through better-sqlite3, in WAL mode, created on first start.
// Several processes may share the file: writes are serialised by SQLite's lock (busy_timeout
// makes them wait for it), and every claim is one atomic statement.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { channelParams, params, SQL } from './statements.ts';
import type { Store } from './store.ts';
import type { Subscription, SubscriptionSettings } from './subscriptions.ts';

/** Schema versions in order; each runs once, in a transaction, and is recorded. */
const MIGRATIONS: string[] = [
  `CREATE TABLE conversations (
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     channel TEXT NOT NULL,
     reference TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (platform, workspace, channel)
   )`,
  `CREATE TABLE subscriptions (
     id TEXT PRIMARY KEY,
     platform TEXT NOT NULL,
     workspace TEXT NOT NULL,
     channel TEXT NOT NULL,
     cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekly')),
     hour INTEGER NOT NULL,
     minute INTEGER NOT NULL,
     weekday INTEGER,
     zone TEXT NOT NULL,
     quiet INTEGER NOT NULL DEFAULT 0,
     theme_id TEXT,
     since TEXT NOT NULL,
     paused_at TEXT,
     pause_reason TEXT,
     UNIQUE (platform, workspace, channel, cadence)
   );
   CREATE INDEX subscriptions_workspace ON subscriptions (platform, workspace);
   CREATE TABLE deliveries (
     subscription_id TEXT NOT NULL,
     occurrence TEXT NOT NULL,
     status TEXT NOT NULL,
     owner TEXT,
     lease_until INTEGER NOT NULL,
     post_attempts INTEGER NOT NULL,
     message_id TEXT,
     detail TEXT,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (subscription_id, occurrence)
   );
   CREATE INDEX deliveries_occurrence ON deliveries (occurrence);`,
];

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  private migrate(): void {
    // IMMEDIATE takes the write lock first, so two processes starting on a new file migrate in turn.
    this.db.transaction(() => {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const applied = new Set(this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
      for (const [index, sql] of MIGRATIONS.entries()) {
        const version = index + 1;
        if (applied.has(version)) continue;
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
      }
    }).immediate();
  }

  async saveConversation(channel: ChannelRef, reference: unknown, at: Date): Promise<void> {
    this.statement(SQL.saveConversation).run(params.saveConversation(channel, reference, at));
  }

  async getConversation(channel: ChannelRef): Promise<StoredConversation | undefined> {
    const row = this.statement(SQL.getConversation).get(channelParams(channel)) as ConversationRow | undefined;
    return row && conversationFromRow(row);
  }

  async deleteConversation(channel: ChannelRef): Promise<void> {
    this.statement(SQL.deleteConversation).run(channelParams(channel));
  }

  async saveSubscription(channel: ChannelRef, settings: SubscriptionSettings, now: Date): Promise<Subscription> {
    const row = this.statement(SQL.saveSubscription).get(params.saveSubscription(randomUUID(), channel, settings, now)) as SubscriptionRow;
    return subscriptionFromRow(row);
  }

  async subscriptionsOf(channel: ChannelRef): Promise<Subscription[]> {
    return (this.statement(SQL.subscriptionsOf).all(channelParams(channel)) as SubscriptionRow[]).map(subscriptionFromRow);
  }

  async activeSubscriptions(): Promise<Subscription[]> {
    return (this.statement(SQL.activeSubscriptions).all() as SubscriptionRow[]).map(subscriptionFromRow);
  }

  async removeSubscriptions(channel: ChannelRef, which: Cadence | 'all'): Promise<number> {
    return this.statement(SQL.removeSubscriptions).run(params.removeSubscriptions(channel, which)).changes;
  }

  async pauseSubscription(id: string, reason: string, at: Date): Promise<void> {
    this.statement(SQL.pauseSubscription).run(params.pauseSubscription(id, reason, at));
  }

  async pauseWorkspace(platform: ChannelRef['platform'], workspace: string, reason: string, at: Date): Promise<number> {
    return this.statement(SQL.pauseWorkspace).run(params.pauseWorkspace(platform, workspace, reason, at)).changes;
  }

  async claimDelivery(key: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<Claim | undefined> {
    const row = this.statement(SQL.claimDelivery).get(params.claimDelivery(key, owner, now, leaseMs)) as { post_attempts: number } | undefined;
    return row && { postAttempts: row.post_attempts };
  }

  async startPost(key: DeliveryKey, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    return this.statement(SQL.startPost).run(params.startPost(key, owner, now, leaseMs)).changes === 1;
  }

  async settleDelivery(key: DeliveryKey, settlement: Settlement, now: Date): Promise<void> {
    this.statement(SQL.settleDelivery).run(params.settleDelivery(key, settlement, now));
  }

  async releaseDelivery(key: DeliveryKey, owner: string, detail: string, now: Date): Promise<void> {
    this.statement(SQL.releaseDelivery).run(params.releaseDelivery(key, owner, detail, now));
  }

  async recordMissed(key: DeliveryKey, now: Date): Promise<boolean> {
    return this.statement(SQL.recordMissed).get(params.recordMissed(key, now)) !== undefined;
  }

  async deliveriesSince(occurrence: string): Promise<DeliveryRecord[]> {
    return (this.statement(SQL.deliveriesSince).all(occurrence) as DeliveryRow[]).map(deliveryFromRow);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
