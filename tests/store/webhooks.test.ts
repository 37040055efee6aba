// Webhooks in the store, on SQLite and on PostgreSQL: the URL sealed (the store never holds it in
// the clear) and opened by another instance with the same key only, saved again under the same
// name with its subscriptions kept, the last outcome recorded, and removed with its subscriptions
// and their deliveries.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { SecretBox } from '../../src/installations/secret-box.ts';
import { deliveryKey } from '../../src/scheduler/due.ts';
import type { Store } from '../../src/store/store.ts';
import { maskWebhookUrl, webhookChannel, Webhooks } from '../../src/webhooks/webhooks.ts';
import { describeEachStore, type TestDatabase } from '../support/stores.ts';

const KEY = { DATELINE_SECRET_KEY: 'store-test-key-0123456789-abcdefghijklmnop' };
const T0 = new Date('2026-06-01T00:00:00.000Z');
const URL_ONE = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';
const URL_TWO = 'https://discord.com/api/webhooks/123/TOKENSECRET';

describeEachStore('webhooks', (kind) => {
  let db: TestDatabase;
  let store: Store;
  let webhooks: Webhooks;

  beforeEach(async () => {
    db = await kind.create();
    store = await db.connect();
    webhooks = new Webhooks(store, SecretBox.fromEnv(KEY));
  });
  afterEach(() => db.dispose());

  it('seals the URL, opens it with the same key only, and lists it masked', async () => {
    await webhooks.save('news', 'slack', URL_ONE, T0);
    const record = await store.findWebhook('news');
    expect(record).toMatchObject({ name: 'news', format: 'slack', createdAt: T0 });
    expect(record!.sealedUrl).not.toContain('SECRET');
    expect(await new Webhooks(await db.connect(), SecretBox.fromEnv(KEY)).open('news')).toEqual({
      name: 'news',
      format: 'slack',
      url: URL_ONE,
    });
    const otherKey = new Webhooks(store, SecretBox.fromEnv({ DATELINE_SECRET_KEY: `${KEY.DATELINE_SECRET_KEY}-other` }));
    await expect(otherKey.open('news')).rejects.toThrow();
    expect((await otherKey.list()).map((webhook) => webhook.maskedUrl)).toEqual(['sealed under another DATELINE_SECRET_KEY']);
    expect((await webhooks.list()).map((webhook) => webhook.maskedUrl)).toEqual(['https://hooks.slack.com/…']);
    expect(maskWebhookUrl(URL_TWO)).toBe('https://discord.com/…');
    expect(await webhooks.open('nobody')).toBeUndefined();
  });

  it('opens a URL sealed under DATELINE_SECRET_KEY_PREVIOUS and seals it again under the new key', async () => {
    await webhooks.save('news', 'slack', URL_ONE, T0);
    const before = (await store.findWebhook('news'))!.sealedUrl;
    const NEW = `${KEY.DATELINE_SECRET_KEY}-new`;
    const rotated = new Webhooks(
      store,
      SecretBox.fromEnv({ DATELINE_SECRET_KEY: NEW, DATELINE_SECRET_KEY_PREVIOUS: KEY.DATELINE_SECRET_KEY }),
    );
    expect((await rotated.open('news'))!.url).toBe(URL_ONE);
    expect((await store.findWebhook('news'))!.sealedUrl).not.toBe(before);
    expect((await new Webhooks(store, SecretBox.fromEnv({ DATELINE_SECRET_KEY: NEW })).open('news'))!.url).toBe(URL_ONE);
  });

  it('refuses to save without a key, or a URL that is not https', async () => {
    await expect(new Webhooks(store, undefined).save('news', 'slack', URL_ONE, T0)).rejects.toThrow(ConfigError);
    await expect(webhooks.save('news', 'slack', 'http://hooks.example.com/x', T0)).rejects.toThrow('must use https');
    await expect(webhooks.save('news', 'slack', 'https://user:pass@hooks.example.com/x', T0)).rejects.toThrow('user name or password');
    await expect(webhooks.save('bad name', 'slack', URL_ONE, T0)).rejects.toThrow('is not a webhook name');
    await webhooks.save('local', 'slack', 'http://127.0.0.1:9/hook', T0);
    expect(await store.listWebhooks()).toHaveLength(1);
  });

  it('replaces a webhook under its name, keeps its subscriptions, records outcomes, and removes it with what hangs off it', async () => {
    await webhooks.save('news', 'slack', URL_ONE, T0);
    const subscription = await store.saveSubscription(
      webhookChannel('news'),
      { cadence: 'daily', hour: 9, minute: 0, zone: 'UTC', quiet: false },
      T0,
    );
    await webhooks.recordAttempt('news', { at: T0, outcome: 'paused', detail: 'The webhook was deleted' });
    expect((await store.findWebhook('news'))!.lastAttempt).toEqual({ at: T0, outcome: 'paused', detail: 'The webhook was deleted' });

    await webhooks.save('news', 'discord', URL_TWO, new Date(T0.getTime() + 1000));
    expect(await webhooks.open('news')).toEqual({ name: 'news', format: 'discord', url: URL_TWO });
    expect((await store.findWebhook('news'))!.lastAttempt).toBeUndefined();
    expect(await store.subscriptionsOf(webhookChannel('news'))).toHaveLength(1);

    const key = deliveryKey(subscription.id, T0);
    await store.claimDelivery(key, 'me', 60_000);
    await store.settleDelivery(key, { status: 'delivered', messageId: '1' });
    expect(await webhooks.remove('news')).toBe(true);
    expect(await webhooks.remove('news')).toBe(false);
    expect(await store.subscriptionsOf(webhookChannel('news'))).toEqual([]);
    expect(await store.deliveriesSince('2000-01-01')).toEqual([]);
  });
});
