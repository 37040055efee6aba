// Installations in the store, on SQLite and on PostgreSQL: one per workspace, its tokens sealed
// under DATELINE_SECRET_KEY (and opened by another instance with the same key), ended with its
// secret deleted, its subscriptions out of the scheduler's sight until it is installed again,
// and forgotten with everything that hangs off it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Installations } from '../../src/installations/installations.ts';
import { SecretBox } from '../../src/installations/secret-box.ts';
import { ConfigError } from '../../src/config.ts';
import { deliveryKey } from '../../src/scheduler/due.ts';
import type { Store } from '../../src/store/store.ts';
import type { SubscriptionSettings } from '../../src/store/subscriptions.ts';
import type { ChannelRef } from '../../src/types.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';

const KEY = { DATELINE_SECRET_KEY: 'store-test-key-0123456789-abcdefghijklmnop' };
const T0 = new Date('2026-06-01T00:00:00.000Z');
const daily: SubscriptionSettings = { cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false };
const channel = (id: string, workspace: string): ChannelRef => ({ platform: 'slack', workspace, channel: id });
const details = (workspace: string) => ({
  platform: 'slack' as const,
  workspace,
  botUserId: 'UBOT',
  scopes: ['commands', 'chat:write'],
  installedBy: 'UADMIN',
});
const secret = (token: string) => ({ bot: { token } });

describe('SecretBox', () => {
  const box = SecretBox.fromEnv(KEY)!;

  it('opens what it sealed, only under the same key and for the same installation', () => {
    const sealed = box.seal('xoxb-secret', 'slack:T1');
    expect(sealed).not.toContain('xoxb');
    expect(box.open(sealed, 'slack:T1')).toEqual({ plaintext: 'xoxb-secret', stale: false });
    expect(() => box.open(sealed, 'slack:T2')).toThrow();
    expect(() => SecretBox.fromEnv({ DATELINE_SECRET_KEY: `${KEY.DATELINE_SECRET_KEY}-other` })!.open(sealed, 'slack:T1')).toThrow();
    const [version, nonce, tag, ciphertext] = sealed.split('.');
    const altered = Buffer.from(ciphertext!, 'base64url');
    altered[0] = (altered[0]! + 1) % 256;
    expect(() => box.open([version, nonce, tag, altered.toString('base64url')].join('.'), 'slack:T1')).toThrow();
    expect(box.seal('xoxb-secret', 'slack:T1')).not.toBe(sealed);
  });

  it('is off without DATELINE_SECRET_KEY and refuses a short one', () => {
    expect(SecretBox.fromEnv({})).toBeUndefined();
    expect(() => SecretBox.fromEnv({ DATELINE_SECRET_KEY: 'short' })).toThrow(ConfigError);
  });
});

describeEachStore('installations', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let installations: Installations;

  beforeEach(async () => {
    db = await kind.create();
    store = await db.connect();
    installations = new Installations(store, SecretBox.fromEnv(KEY));
  });
  afterEach(() => db.dispose());

  it('keeps one installation per workspace, its secret sealed, readable by another instance with the same key', async () => {
    await installations.installed(details('T1'), secret('xoxb-one'), T0);
    const first = await store.findInstallation('slack', 'T1');
    await installations.installed({ ...details('T1'), installedBy: 'UOTHER' }, secret('xoxb-two'), T0);
    const again = await store.findInstallation('slack', 'T1');
    expect(again?.id).toBe(first?.id);
    expect(again).toMatchObject({
      platform: 'slack',
      workspace: 'T1',
      state: 'active',
      installedBy: 'UOTHER',
      scopes: ['commands', 'chat:write'],
      hasSecret: true,
    });
    expect(await store.sealedSecretOf('slack', 'T1')).not.toContain('xoxb');
    const elsewhere = new Installations(await db.connect(), SecretBox.fromEnv(KEY));
    expect(await elsewhere.secretOf('slack', 'T1')).toEqual(secret('xoxb-two'));
    expect(await elsewhere.secretOf('slack', 'T2')).toBeUndefined();
  });

  it("reads an installation's state, as every command asks before it is answered", async () => {
    expect(await store.installationState('slack', 'T1')).toBeUndefined();
    await installations.installed(details('T1'), secret('xoxb-one'), T0);
    expect(await store.installationState('slack', 'T1')).toBe('active');
    expect(await store.installationState('teams', 'T1')).toBeUndefined();
    expect(await installations.isEnded('slack', 'T1')).toBe(false);
    await store.endInstallation('slack', 'T1', 'revoked', 'its bot token was revoked', T0);
    expect(await store.installationState('slack', 'T1')).toBe('revoked');
    expect(await installations.isEnded('slack', 'T1')).toBe(true);
    expect(await store.sealedSecretOf('slack', 'T1')).toBeUndefined();
  });

  it('ends an installation once, deleting its secret, and hides its subscriptions until it is installed again', async () => {
    await installations.installed(details('T1'), secret('xoxb-one'), T0);
    await installations.installed(details('T2'), secret('xoxb-two'), T0);
    const kept = await store.saveSubscription(channel('C1', 'T1'), daily, T0);
    const paused = await store.saveSubscription(channel('C2', 'T1'), daily, T0);
    await store.pauseSubscription(paused.id, 'not_in_channel', T0);
    const other = await store.saveSubscription(channel('C3', 'T2'), daily, T0);
    // A workspace with one bot token has no installation: its subscriptions are unaffected.
    const single = await store.saveSubscription(channel('C4', 'T9'), daily, T0);

    expect(await installations.uninstalled('slack', 'T1', 'Dateline was uninstalled', T0)).toBe(true);
    expect(await installations.revoked('slack', 'T1', 'again', T0)).toBe(false);
    expect(await installations.isEnded('slack', 'T1')).toBe(true);
    expect(await installations.isEnded('slack', 'T9')).toBe(false);
    expect(await store.findInstallation('slack', 'T1')).toMatchObject({
      state: 'uninstalled',
      stateReason: 'Dateline was uninstalled',
      hasSecret: false,
    });
    expect(await installations.secretOf('slack', 'T1')).toBeUndefined();
    expect((await store.activeSubscriptions()).map((subscription) => subscription.id).sort()).toEqual([other.id, single.id].sort());

    await installations.installed(details('T1'), secret('xoxb-three'), T0);
    expect((await store.activeSubscriptions()).map((subscription) => subscription.id).sort()).toEqual(
      [kept.id, other.id, single.id].sort(),
    );
    expect(await store.countInstallations()).toEqual([{ platform: 'slack', state: 'active', count: 2 }]);
  });

  it("forgets an installation with its subscriptions, their deliveries and its conversations, and nothing of another workspace's", async () => {
    await installations.installed(details('T1'), secret('xoxb-one'), T0);
    const one = (await store.findInstallation('slack', 'T1'))!;
    await installations.installed(details('T2'), secret('xoxb-two'), T0);
    const gone = await store.saveSubscription(channel('C1', 'T1'), daily, T0);
    const kept = await store.saveSubscription(channel('C2', 'T2'), daily, T0);
    for (const subscription of [gone, kept]) await store.claimDelivery(deliveryKey(subscription.id, T0), 'owner', 60_000);
    await store.saveConversation(channel('C1', 'T1'), { ref: 1 }, T0, 'T1');
    await store.saveConversation(channel('C2', 'T2'), { ref: 2 }, T0, 'T2');

    expect(await store.forgetInstallation(one.id)).toBe(true);
    expect(await store.forgetInstallation(one.id)).toBe(false);
    expect(await store.getInstallation(one.id)).toBeUndefined();
    expect(await store.subscriptionsOf(channel('C1', 'T1'))).toEqual([]);
    expect(await store.getConversation(channel('C1', 'T1'))).toBeUndefined();
    const ledger = await store.deliveriesSince(T0.toISOString());
    expect(ledger.map((record) => record.subscriptionId)).toEqual([kept.id]);
    expect(await store.subscriptionsOf(channel('C2', 'T2'))).toHaveLength(1);
    expect(await store.getConversation(channel('C2', 'T2'))).toBeDefined();
  });

  it("removed from a Teams team: forgets all its conversations, pauses its channels' subscriptions, and resumes only those on rejoining", async () => {
    const teams = (id: string): ChannelRef => ({ platform: 'teams', workspace: 'tenant-1', channel: id });
    await store.saveConversation(teams('19:general'), { ref: 'general' }, T0, '19:general');
    await store.saveConversation(teams('19:news'), { ref: 'news' }, T0, '19:general');
    await store.saveConversation(teams('19:elsewhere'), { ref: 'other' }, T0, '19:other-team');
    const news = await store.saveSubscription(teams('19:news'), daily, T0);
    const ownReason = await store.saveSubscription(teams('19:general'), daily, T0);
    await store.pauseSubscription(ownReason.id, 'channel archived', T0);
    const other = await store.saveSubscription(teams('19:elsewhere'), daily, T0);

    expect(await installations.removedFromTeam('teams', '19:general', T0)).toEqual({ conversations: 2, paused: 1 });
    expect(await store.getConversation(teams('19:news'))).toBeUndefined();
    expect(await store.getConversation(teams('19:elsewhere'))).toBeDefined();
    expect((await store.activeSubscriptions()).map((subscription) => subscription.id)).toEqual([other.id]);

    const later = new Date(T0.getTime() + 60_000);
    const team = { platform: 'teams' as const, workspace: '19:general', tenantId: 'tenant-1', scopes: [] };
    expect(await installations.installed(team, undefined, later)).toEqual([teams('19:news')]);
    const [resumed] = await store.subscriptionsOf(teams('19:news'));
    expect(resumed).toMatchObject({ id: news.id, since: later });
    expect(resumed?.paused).toBeUndefined();
    expect((await store.subscriptionsOf(teams('19:general')))[0]?.paused).toMatchObject({ reason: 'channel', detail: 'channel archived' });
  });
});
