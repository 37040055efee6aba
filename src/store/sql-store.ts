// The Store's behaviour, written once in Kysely over the tables both databases share
// (schema.ts): values are bound where they stand, and the delivery ledger reads the database's
// own clock, so that every process judges a lease by one clock. The statements every request
// runs (the replay check, an installation's state and secret) are compiled once and run prepared.
// Each database supplies only its Kysely dialect, its clock expressions, how it runs a prepared
// statement, and how it opens and migrates.
import { randomUUID } from 'node:crypto';
import { sql, type Compilable, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Cadence } from '../commands/types.ts';
import type { StoredConversation } from './conversations.ts';
import type { Claim, DeliveryRecord, Settlement } from './deliveries.ts';
import type { InstallationRecord, InstallationState, NewInstallation } from './installations.ts';
import type { PruneCounts } from './retention.ts';
import { claimFromRow, conversationFromRow, deliveryFromRow, installationFromRow, subscriptionFromRow, webhookFromRow } from './rows.ts';
import { migrationState, type MigrationState } from './migrate.ts';
import type { Database, Dialect } from './schema.ts';
import type { Store } from './store.ts';
import type { ScheduledSubscription, Subscription, SubscriptionSettings } from './subscriptions.ts';
import type { WebhookAttempt, WebhookRecord } from './webhooks.ts';
import type { ChannelRef, DeliveryKey, Platform } from '../types.ts';

export interface StoreStatus {
  migrations: MigrationState;
  bytes: number;
  rows: Record<string, number>;
}

type Deliveries = ExpressionBuilder<Database, 'deliveries'>;

/** Not paused, and its installation has not ended: an installation that has ended posts nothing; re-installing brings its subscriptions back as they were. */
const isActive = ({ and, not, exists, selectFrom, fn, ref, eb }: ExpressionBuilder<Database, 'subscriptions'>) =>
  and([
    eb('subscriptions.paused_at', 'is', null),
    not(
      exists(
        selectFrom('installations')
          .select('installations.id')
          .whereRef('installations.platform', '=', 'subscriptions.platform')
          .where('installations.workspace', '=', fn.coalesce(ref('subscriptions.team'), ref('subscriptions.workspace')))
          .where('installations.state', '!=', 'active'),
      ),
    ),
  ]);

/** The columns that name a channel, picked one by one so that nothing else on the object reaches the SQL. */
const channelColumns = ({ platform, workspace, channel }: ChannelRef) => ({ platform, workspace, channel });

/** Expired replay keys are deleted every this many new ones, so the table stays as small as the window. */
const REPLAY_PRUNE_EVERY = 100;
/**
 * At most this many at a time (2.5 times as many as were added): ten minutes after a burst of
 * requests, deleting all of its keys at once held the event loop ~110 ms per 50,000 (2–3 ms per 250).
 */
const REPLAY_PRUNE_BATCH = 250;

/** The name of the replay check's prepared statement. */
export const REPLAY_KEY_STATEMENT = 'take-replay-key';

/** The replay key /healthz writes to prove the store takes writes. */
const HEALTH_KEY = 'healthz:write-probe';

export abstract class SqlStore implements Store {
  abstract readonly kind: string;
  private replaysSincePrune = 0;
  /** The SQL of each prepared statement, by name, compiled once (preparedRows). */
  private readonly preparedSql = new Map<string, string>();

  /** Where the Migrator keeps its tables (PostgreSQL: the connection's schema). */
  protected migrationSchema: string | undefined;

  protected constructor(
    protected readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** For `dateline db status`: the migrations applied and missing, the size, and the rows of each table. */
  async status(): Promise<StoreStatus> {
    const tables = (await this.db.introspection.getTables())
      .filter((table) => !this.migrationSchema || table.schema === this.migrationSchema)
      .map((table) => table.name)
      .sort();
    const rows: Record<string, number> = {};
    for (const table of tables) {
      const { rows: counted } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(this.db);
      rows[table] = Number(counted[0]?.n ?? 0);
    }
    return { migrations: await migrationState(this.db, this.dialect, this.migrationSchema), bytes: await this.sizeBytes(), rows };
  }

  protected abstract sizeBytes(): Promise<number>;

  /**
   * The SQL of a statement run on every request, by `name`: `build`'s Kysely query, compiled the
   * first time (its values only hold the places of its parameters), with `parameters` of them.
   */
  protected sqlOf(name: string, parameters: number, build: () => Compilable): string {
    let text = this.preparedSql.get(name);
    if (text === undefined) {
      const compiled = build().compile();
      if (compiled.parameters.length !== parameters)
        throw new Error(`the statement ${name} takes ${compiled.parameters.length} values, not ${parameters}`);
      text = compiled.sql;
      this.preparedSql.set(name, text);
    }
    return text;
  }

  /**
   * Runs the statement `name` (see sqlOf) prepared, `values` bound to its parameters in order:
   * Kysely building and compiling the query on each call, and the database parsing it again,
   * cost ~100 µs of CPU a statement, on the path of every request.
   */
  protected preparedRows<Row>(name: string, build: () => Compilable<Row>, values: readonly unknown[]): Promise<Row[]> {
    return this.runPrepared<Row>(name, this.sqlOf(name, values.length, build), values);
  }

  /** Runs `text`, prepared once under `name` (per connection), with `values`. */
  protected abstract runPrepared<Row>(name: string, text: string, values: readonly unknown[]): Promise<Row[]>;

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async saveConversation(channel: ChannelRef, reference: unknown, at: Date, installation: string): Promise<void> {
    await this.db
      .insertInto('conversations')
      .values({ ...channelColumns(channel), reference: JSON.stringify(reference), updated_at: at.toISOString(), team: installation })
      .onConflict((conflict) =>
        conflict.columns(['platform', 'workspace', 'channel']).doUpdateSet((eb) => ({
          reference: eb.ref('excluded.reference'),
          updated_at: eb.ref('excluded.updated_at'),
          team: eb.ref('excluded.team'),
        })),
      )
      .execute();
  }

  async leaveInstallation(
    platform: Platform,
    installation: string,
    pause: boolean,
    at: Date,
  ): Promise<{ conversations: number; paused: number }> {
    return this.db.transaction().execute(async (trx) => {
      const paused = pause
        ? await trx
            .updateTable('subscriptions')
            .set({ paused_at: at.toISOString(), pause_reason: null, pause_kind: 'removed-from-team' })
            .where('platform', '=', platform)
            .where('team', '=', installation)
            .where('paused_at', 'is', null)
            .executeTakeFirst()
        : { numUpdatedRows: 0n };
      const forgotten = await trx
        .deleteFrom('conversations')
        .where('platform', '=', platform)
        .where('team', '=', installation)
        .executeTakeFirst();
      return { conversations: Number(forgotten.numDeletedRows), paused: Number(paused.numUpdatedRows) };
    });
  }

  async resumeRemoved(platform: Platform, installation: string, at: Date): Promise<ChannelRef[]> {
    const rows = await this.db
      .updateTable('subscriptions')
      // Due at once: the next pass works out each one's next occurrence from `since` and moves it on.
      .set({ paused_at: null, pause_reason: null, pause_kind: null, since: at.toISOString(), next_run: at.toISOString() })
      .where('platform', '=', platform)
      .where('team', '=', installation)
      .where('pause_kind', '=', 'removed-from-team')
      .returning(['platform', 'workspace', 'channel'])
      .execute();
    const channels = new Map(rows.map((row) => [row.channel, channelColumns(row)]));
    return [...channels.values()];
  }

  async getConversation(channel: ChannelRef): Promise<StoredConversation | undefined> {
    const row = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where((eb) => eb.and(channelColumns(channel)))
      .executeTakeFirst();
    return row && conversationFromRow(row);
  }

  async saveSubscription(channel: ChannelRef, settings: SubscriptionSettings, now: Date): Promise<Subscription> {
    const row = await this.db
      .insertInto('subscriptions')
      .values({
        id: randomUUID(),
        ...channelColumns(channel),
        cadence: settings.cadence,
        hour: settings.hour,
        minute: settings.minute,
        weekday: settings.weekday ?? null,
        days: settings.days?.join(',') ?? null,
        zone: settings.zone,
        quiet: settings.quiet ? 1 : 0,
        theme_id: settings.themeId ?? null,
        since: now.toISOString(),
        // Due at once: the next pass works out its first occurrence (src/scheduler/occurrences.ts) and moves it on.
        next_run: now.toISOString(),
        // Teams: the installation of the channel's conversation (its team, or the chat), which the subscription hangs off.
        team: (eb) =>
          eb
            .selectFrom('conversations')
            .select('conversations.team')
            .where('conversations.platform', '=', channel.platform)
            .where('conversations.workspace', '=', channel.workspace)
            .where('conversations.channel', '=', channel.channel),
      })
      .onConflict((conflict) =>
        conflict.columns(['platform', 'workspace', 'channel', 'cadence']).doUpdateSet((eb) => ({
          hour: eb.ref('excluded.hour'),
          minute: eb.ref('excluded.minute'),
          weekday: eb.ref('excluded.weekday'),
          days: eb.ref('excluded.days'),
          zone: eb.ref('excluded.zone'),
          quiet: eb.ref('excluded.quiet'),
          theme_id: eb.ref('excluded.theme_id'),
          since: eb.ref('excluded.since'),
          next_run: eb.ref('excluded.next_run'),
          paused_at: null,
          pause_reason: null,
          pause_kind: null,
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return subscriptionFromRow(row);
  }

  async subscriptionsOf(channel: ChannelRef): Promise<Subscription[]> {
    const rows = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where((eb) => eb.and(channelColumns(channel)))
      .orderBy('cadence')
      .execute();
    return rows.map(subscriptionFromRow);
  }

  async activeSubscriptions(): Promise<Subscription[]> {
    const rows = await this.db.selectFrom('subscriptions').selectAll().where(isActive).orderBy('id').execute();
    return rows.map(subscriptionFromRow);
  }

  async dueSubscriptions(now: Date, platforms: Platform[]): Promise<ScheduledSubscription[]> {
    if (platforms.length === 0) return [];
    const rows = await this.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('next_run', '<=', now.toISOString())
      .where('platform', 'in', platforms)
      .where(isActive)
      .orderBy('next_run')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ ...subscriptionFromRow(row), nextRun: new Date(row.next_run) }));
  }

  async advanceNextRun(subscription: ScheduledSubscription, to: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('subscriptions')
      .set({ next_run: to.toISOString() })
      .where('id', '=', subscription.id)
      .where('since', '=', subscription.since.toISOString())
      .where('next_run', '<', to.toISOString())
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async removeSubscriptions(channel: ChannelRef, which: Cadence | 'all'): Promise<number> {
    let query = this.db.deleteFrom('subscriptions').where((eb) => eb.and(channelColumns(channel)));
    if (which !== 'all') query = query.where('cadence', '=', which);
    return Number((await query.executeTakeFirst()).numDeletedRows);
  }

  async pauseSubscription(id: string, detail: string, at: Date): Promise<void> {
    await this.db
      .updateTable('subscriptions')
      .set({ paused_at: at.toISOString(), pause_reason: detail, pause_kind: 'channel' })
      .where('id', '=', id)
      .execute();
  }

  async pauseWorkspace(platform: ChannelRef['platform'], workspace: string, detail: string, at: Date): Promise<number> {
    const result = await this.db
      .updateTable('subscriptions')
      .set({ paused_at: at.toISOString(), pause_reason: detail, pause_kind: 'install' })
      .where('platform', '=', platform)
      .where('workspace', '=', workspace)
      .where('paused_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async claimDelivery(key: DeliveryKey, owner: string, leaseMs: number): Promise<Claim | undefined> {
    const { now, nowMs } = this.dialect;
    const row = await this.db
      .insertInto('deliveries')
      .values((eb) => ({
        subscription_id: key.subscriptionId,
        occurrence: key.occurrence,
        status: 'claimed',
        owner,
        lease_until: eb(nowMs(), '+', leaseMs),
        post_attempts: 0,
        updated_at: now(),
      }))
      .onConflict((conflict) =>
        conflict
          .columns(['subscription_id', 'occurrence'])
          .doUpdateSet((eb) => ({
            status: 'claimed',
            owner: eb.ref('excluded.owner'),
            lease_until: eb.ref('excluded.lease_until'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          .where((eb) => this.claimable(eb)),
      )
      .returning(['post_attempts', 'first_post_at'])
      .executeTakeFirst();
    return row && claimFromRow(row);
  }

  /** A delivery anyone may claim: released, or claimed under a lease that has run out by the database's clock. */
  private claimable(eb: Deliveries) {
    return eb.or([
      eb('deliveries.status', '=', 'pending'),
      eb.and([eb('deliveries.status', '=', 'claimed'), eb('deliveries.lease_until', '<=', this.dialect.nowMs())]),
    ]);
  }

  async startPost(key: DeliveryKey, owner: string, leaseMs: number): Promise<Claim | undefined> {
    const { now, nowMs } = this.dialect;
    const row = await this.db
      .updateTable('deliveries')
      .set((eb) => ({
        post_attempts: eb('post_attempts', '+', 1),
        first_post_at: eb.fn.coalesce('first_post_at', nowMs()).$castTo<number>(),
        lease_until: eb(nowMs(), '+', leaseMs),
        updated_at: now(),
      }))
      .where('subscription_id', '=', key.subscriptionId)
      .where('occurrence', '=', key.occurrence)
      .where('status', '=', 'claimed')
      .where('owner', '=', owner)
      .where('lease_until', '>', nowMs())
      .returning(['post_attempts', 'first_post_at'])
      .executeTakeFirst();
    return row && claimFromRow(row);
  }

  async settleDelivery(key: DeliveryKey, settlement: Settlement): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set({
        status: settlement.status,
        message_id: settlement.status === 'delivered' ? settlement.messageId : null,
        detail: settlement.status === 'delivered' ? null : settlement.detail,
        updated_at: this.dialect.now(),
      })
      .where('subscription_id', '=', key.subscriptionId)
      .where('occurrence', '=', key.occurrence)
      .where('status', '=', 'claimed')
      .execute();
  }

  async releaseDelivery(key: DeliveryKey, owner: string, detail: string): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set({ status: 'pending', owner: null, detail, updated_at: this.dialect.now() })
      .where('subscription_id', '=', key.subscriptionId)
      .where('occurrence', '=', key.occurrence)
      .where('status', '=', 'claimed')
      .where('owner', '=', owner)
      .execute();
  }

  async recordMissed(key: DeliveryKey): Promise<boolean> {
    const row = await this.db
      .insertInto('deliveries')
      .values({
        subscription_id: key.subscriptionId,
        occurrence: key.occurrence,
        status: 'missed',
        lease_until: 0,
        post_attempts: 0,
        updated_at: this.dialect.now(),
      })
      .onConflict((conflict) =>
        conflict
          .columns(['subscription_id', 'occurrence'])
          .doUpdateSet((eb) => ({ status: 'missed', owner: null, updated_at: eb.ref('excluded.updated_at') }))
          .where((eb) => this.claimable(eb)),
      )
      .returning('status')
      .executeTakeFirst();
    return row !== undefined;
  }

  async deliveriesSince(occurrence: string): Promise<DeliveryRecord[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .selectAll()
      .where('occurrence', '>=', occurrence)
      .orderBy('occurrence')
      .orderBy('subscription_id')
      .execute();
    return rows.map(deliveryFromRow);
  }

  async dueDeliveriesSince(occurrence: string, now: Date): Promise<DeliveryRecord[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .innerJoin('subscriptions', 'subscriptions.id', 'deliveries.subscription_id')
      .selectAll('deliveries')
      .where('subscriptions.next_run', '<=', now.toISOString())
      .where('subscriptions.paused_at', 'is', null)
      .where('deliveries.occurrence', '>=', occurrence)
      .execute();
    return rows.map(deliveryFromRow);
  }

  async saveInstallation(installation: NewInstallation, at: Date): Promise<InstallationRecord> {
    const columns = {
      enterprise_id: installation.enterpriseId ?? null,
      tenant_id: installation.tenantId ?? null,
      bot_user_id: installation.botUserId ?? null,
      scopes: installation.scopes.join(' '),
      installed_by: installation.installedBy ?? null,
      installed_at: at.toISOString(),
      state: 'active' as const,
      state_reason: null,
      updated_at: at.toISOString(),
      secret: installation.sealedSecret ?? null,
    };
    const row = await this.db
      .insertInto('installations')
      .values({ id: randomUUID(), platform: installation.platform, workspace: installation.workspace, ...columns })
      .onConflict((conflict) => conflict.columns(['platform', 'workspace']).doUpdateSet(columns))
      .returningAll()
      .executeTakeFirstOrThrow();
    return installationFromRow(row);
  }

  async findInstallation(platform: Platform, workspace: string): Promise<InstallationRecord | undefined> {
    const row = await this.db
      .selectFrom('installations')
      .selectAll()
      .where('platform', '=', platform)
      .where('workspace', '=', workspace)
      .executeTakeFirst();
    return row && installationFromRow(row);
  }

  async installationState(platform: Platform, workspace: string): Promise<InstallationState | undefined> {
    const [row] = await this.preparedRows(
      'installation-state',
      () => this.db.selectFrom('installations').select('state').where('platform', '=', platform).where('workspace', '=', workspace),
      [platform, workspace],
    );
    return row?.state;
  }

  async sealedSecretOf(platform: Platform, workspace: string): Promise<string | undefined> {
    const active: InstallationState = 'active';
    const [row] = await this.preparedRows(
      'sealed-secret',
      () =>
        this.db
          .selectFrom('installations')
          .select('secret')
          .where('platform', '=', platform)
          .where('workspace', '=', workspace)
          .where('state', '=', active),
      [platform, workspace, active],
    );
    return row?.secret ?? undefined;
  }

  async sealedSecrets(): Promise<{ platform: Platform; workspace: string; sealed: string }[]> {
    const rows = await this.db
      .selectFrom('installations')
      .select(['platform', 'workspace', 'secret'])
      .where('state', '=', 'active')
      .where('secret', 'is not', null)
      .orderBy('platform')
      .orderBy('workspace')
      .execute();
    return rows.map((row) => ({ platform: row.platform, workspace: row.workspace, sealed: row.secret ?? '' }));
  }

  async replaceSealedSecret(platform: Platform, workspace: string, from: string, to: string): Promise<boolean> {
    const result = await this.db
      .updateTable('installations')
      .set({ secret: to })
      .where('platform', '=', platform)
      .where('workspace', '=', workspace)
      .where('state', '=', 'active')
      .where('secret', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async endInstallation(
    platform: Platform,
    workspace: string,
    state: Exclude<InstallationState, 'active'>,
    reason: string,
    at: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('installations')
      .set({ state, state_reason: reason, secret: null, updated_at: at.toISOString() })
      .where('platform', '=', platform)
      .where('workspace', '=', workspace)
      .where('state', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async listInstallations(): Promise<InstallationRecord[]> {
    const rows = await this.db.selectFrom('installations').selectAll().orderBy('platform').orderBy('installed_at').execute();
    return rows.map(installationFromRow);
  }

  async getInstallation(id: string): Promise<InstallationRecord | undefined> {
    const row = await this.db.selectFrom('installations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && installationFromRow(row);
  }

  async forgetInstallation(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const installation = await trx.selectFrom('installations').select(['platform', 'workspace']).where('id', '=', id).executeTakeFirst();
      if (!installation) return false;
      const { platform, workspace } = installation;
      // Slack's hang off the workspace; a Teams team's off the team.
      const subscriptions = trx
        .selectFrom('subscriptions')
        .select('id')
        .where('platform', '=', platform)
        .where((eb) => eb.or([eb('workspace', '=', workspace), eb('team', '=', workspace)]));
      await trx.deleteFrom('deliveries').where('subscription_id', 'in', subscriptions).execute();
      await trx.deleteFrom('subscriptions').where('id', 'in', subscriptions).execute();
      await trx
        .deleteFrom('conversations')
        .where('platform', '=', platform)
        .where((eb) => eb.or([eb('workspace', '=', workspace), eb('team', '=', workspace)]))
        .execute();
      await trx.deleteFrom('installations').where('id', '=', id).execute();
      return true;
    });
  }

  async pruneBatch(cutoff: Date, now: Date, batch: number): Promise<PruneCounts> {
    const deliveries = await this.db
      .deleteFrom('deliveries')
      .where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('subscription_id', 'occurrence'),
          'in',
          selectFrom('deliveries')
            .select(['subscription_id', 'occurrence'])
            .where('occurrence', '<', cutoff.toISOString())
            .where('status', 'in', ['delivered', 'skipped', 'missed', 'failed'])
            .limit(batch)
            .$asTuple('subscription_id', 'occurrence'),
        ),
      )
      .executeTakeFirst();
    const ended = await this.db
      .selectFrom('installations')
      .select('id')
      .where('state', '!=', 'active')
      .where('updated_at', '<', cutoff.toISOString())
      .limit(batch)
      .execute();
    for (const { id } of ended) await this.forgetInstallation(id);
    const replays = await this.db
      .deleteFrom('replays')
      .where('key', 'in', (eb) => eb.selectFrom('replays').select('key').where('expires_at', '<=', now.getTime()).limit(batch))
      .executeTakeFirst();
    return { deliveries: Number(deliveries.numDeletedRows), installations: ended.length, replays: Number(replays.numDeletedRows) };
  }

  async countInstallations(): Promise<{ platform: Platform; state: InstallationState; count: number }[]> {
    const rows = await this.db
      .selectFrom('installations')
      .select(({ fn }) => ['platform', 'state', fn.countAll<number | string>().as('count')])
      .groupBy(['platform', 'state'])
      .orderBy('platform')
      .orderBy('state')
      .execute();
    return rows.map((row) => ({ platform: row.platform, state: row.state, count: Number(row.count) }));
  }

  async saveWebhook(name: string, format: string, sealedUrl: string, at: Date): Promise<void> {
    await this.db
      .insertInto('webhooks')
      .values({ name, format, url: sealedUrl, created_at: at.toISOString() })
      .onConflict((conflict) =>
        conflict.column('name').doUpdateSet({ format, url: sealedUrl, last_at: null, last_outcome: null, last_detail: null }),
      )
      .execute();
  }

  async findWebhook(name: string): Promise<WebhookRecord | undefined> {
    const row = await this.db.selectFrom('webhooks').selectAll().where('name', '=', name).executeTakeFirst();
    return row && webhookFromRow(row);
  }

  async listWebhooks(): Promise<WebhookRecord[]> {
    const rows = await this.db.selectFrom('webhooks').selectAll().orderBy('name').execute();
    return rows.map(webhookFromRow);
  }

  async deleteWebhook(name: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const subscriptions = trx.selectFrom('subscriptions').select('id').where('platform', '=', 'webhook').where('workspace', '=', name);
      await trx.deleteFrom('deliveries').where('subscription_id', 'in', subscriptions).execute();
      await trx.deleteFrom('subscriptions').where('id', 'in', subscriptions).execute();
      const deleted = await trx.deleteFrom('webhooks').where('name', '=', name).executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0;
    });
  }

  async recordWebhookAttempt(name: string, attempt: WebhookAttempt): Promise<void> {
    await this.db
      .updateTable('webhooks')
      .set({ last_at: attempt.at.toISOString(), last_outcome: attempt.outcome, last_detail: attempt.detail ?? null })
      .where('name', '=', name)
      .execute();
  }

  async resealWebhookUrl(name: string, sealedUrl: string, resealed: string): Promise<void> {
    await this.db.updateTable('webhooks').set({ url: resealed }).where('name', '=', name).where('url', '=', sealedUrl).execute();
  }

  async ping(): Promise<void> {
    // A write, not a read: a store that still reads but cannot write (its file made read-only, a
    // full disk, a read-only replica) loses every command and digest, and must fail the check.
    // One row, rewritten in place, already expired, so that the replay prune may take it.
    await this.db
      .insertInto('replays')
      .values({ key: HEALTH_KEY, expires_at: 0 })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ expires_at: 0 }))
      .execute();
  }

  async firstSeen(key: string, now: Date, ttlMs: number): Promise<boolean> {
    const taken = await this.takeReplayKey(key, now.getTime() + ttlMs, now.getTime());
    if (taken && ++this.replaysSincePrune >= REPLAY_PRUNE_EVERY) {
      this.replaysSincePrune = 0;
      await this.db
        .deleteFrom('replays')
        .where('key', 'in', (eb) =>
          eb.selectFrom('replays').select('key').where('expires_at', '<=', now.getTime()).limit(REPLAY_PRUNE_BATCH),
        )
        .execute();
    }
    return taken;
  }

  /** Records `key` until `expiresAt`: a new key, or one whose time is up at `now`, is taken (true); a remembered one is not. */
  protected async takeReplayKey(key: string, expiresAt: number, now: number): Promise<boolean> {
    return (
      (await this.preparedRows(REPLAY_KEY_STATEMENT, () => this.replayKeyQuery(key, expiresAt, now), [key, expiresAt, now])).length > 0
    );
  }

  /** The replay check's one statement: a row comes back when the key is taken. Its parameters are, in order, the three arguments. */
  protected replayKeyQuery(key: string, expiresAt: number, now: number) {
    return this.db
      .insertInto('replays')
      .values({ key, expires_at: expiresAt })
      .onConflict((conflict) =>
        conflict
          .column('key')
          .doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
          .where('replays.expires_at', '<=', now),
      )
      .returning('key');
  }
}
