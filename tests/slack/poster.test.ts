// The scheduler's Slack poster against a local fake of the Web API: digests carry their delivery
// key in message metadata, failures become PostErrors, and findPosted finds a keyed message.
import nock from 'nock';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SlackConfig } from '../../adapters/slack/config.ts';
import { singleToken } from '../../adapters/slack/installations.ts';
import { createSlackPoster } from '../../adapters/slack/poster.ts';
import { commandSigner } from '../../adapters/slack/signed-command.ts';
import type { Briefing } from '../../src/briefing/model.ts';
import type { ChannelPoster } from '../../src/adapter.ts';
import { fixture, startFakeSlack, type FakeSlack } from './support/fake-slack.ts';
import { type ChannelRef, type DeliveryKey, PostError } from '../../src/types.ts';

const CHANNEL: ChannelRef = { platform: 'slack', workspace: 'T0001', channel: 'C2147483705' };
const DELIVERY: DeliveryKey = { subscriptionId: 'sub-42', occurrence: '2026-06-01T00:00:00.000Z', key: 'sub-42@2026-06-01T00:00:00.000Z' };
const BRIEFING: Briefing = {
  kind: 'briefing',
  title: 'On this date — 1 June',
  sections: [{ heading: 'On this day', items: [{ factId: 'lunit-approval', title: 'Lunit & friends', text: 'A summary.' }] }],
  suggestions: [],
  sources: [{ id: 'source', title: 'Source', url: 'https://example.com/' }],
};

let fake: FakeSlack;
let restore: (() => void) | undefined;
const poster = (): ChannelPoster => {
  const config: SlackConfig = { mode: 'http', botToken: 'xoxb-poster-test', signingSecret: 's', command: '/dateline', apiUrl: fake.apiUrl };
  return createSlackPoster(config, singleToken(config.botToken), commandSigner(config.signingSecret), pino({ level: 'silent' }));
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('expected a PostError'),
    (error: unknown) => error,
  );

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  fake = await startFakeSlack();
});
afterEach(() => {
  restore?.();
  restore = undefined;
  fake.calls.length = 0;
  nock.cleanAll();
});
afterAll(async () => {
  await fake.close();
  nock.enableNetConnect();
});

describe('post', () => {
  it('sends chat.postMessage with the Block Kit message and the delivery key in metadata, and returns the ts', async () => {
    const ts = await poster().post(CHANNEL, BRIEFING, DELIVERY);
    const [call] = fake.api('chat.postMessage');
    expect(ts).toBe('1717225300.000300');
    expect(call?.headers.authorization).toBe('Bearer xoxb-poster-test');
    expect(call?.body).toMatchObject({
      channel: 'C2147483705',
      text: 'On this date — 1 June',
      metadata: { event_type: 'dateline_digest', event_payload: { key: 'sub-42@2026-06-01T00:00:00.000Z' } },
      unfurl_links: 'false',
    });
    expect(JSON.stringify(call?.body.blocks)).toContain('Lunit &amp; friends');
    expect(call?.body).not.toHaveProperty('link_names');
  });

  it('turns channel_not_found into a PostError of kind channel', async () => {
    restore = fake.on('chat.postMessage', () => ({ body: fixture('web-api/channel_not_found.json') }));
    const error = await failure(poster().post(CHANNEL, BRIEFING, DELIVERY));
    expect(error).toBeInstanceOf(PostError);
    expect(error).toMatchObject({ kind: 'channel', reason: 'channel_not_found' });
  });

  it('turns a revoked token into a PostError of kind install', async () => {
    restore = fake.on('chat.postMessage', () => ({ body: { ok: false, error: 'token_revoked' } }));
    expect(await failure(poster().post(CHANNEL, BRIEFING, DELIVERY))).toMatchObject({ kind: 'install', reason: 'token_revoked' });
  });

  it('hands a 429 back at once with its Retry-After, unsent again: the scheduler paces the retry (WebClient would pause every call)', async () => {
    restore = fake.on('chat.postMessage', () => ({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { ok: false, error: 'ratelimited' },
    }));
    const started = Date.now();
    expect(await failure(poster().post(CHANNEL, BRIEFING, DELIVERY))).toMatchObject({
      kind: 'retry',
      reason: 'ratelimited',
      retryAfterMs: 7_000,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fake.api('chat.postMessage')).toHaveLength(1);
  });

  it('never resends a post that may have landed (a 5xx or a timeout): the scheduler settles it from history', async () => {
    restore = fake.on('chat.postMessage', () => ({ status: 500, body: 'stored, then failed' }));
    expect(await failure(poster().post(CHANNEL, BRIEFING, DELIVERY))).toMatchObject({
      kind: 'retry',
      reason: 'HTTP 500 Internal Server Error',
    });
    expect(fake.api('chat.postMessage')).toHaveLength(1);
  });

  it('reports a rate limit as kind retry, and a 503 likewise', async () => {
    restore = fake.on('chat.postMessage', () => ({
      status: 429,
      headers: { 'retry-after': '0' },
      body: { ok: false, error: 'ratelimited' },
    }));
    expect(await failure(poster().post(CHANNEL, BRIEFING, DELIVERY))).toMatchObject({
      kind: 'retry',
      reason: 'ratelimited',
      retryAfterMs: 0,
    });
    restore();
    restore = fake.on('chat.postMessage', () => ({ status: 503, body: 'upstream unavailable' }));
    expect(await failure(poster().post(CHANNEL, BRIEFING, DELIVERY))).toMatchObject({
      kind: 'retry',
      reason: 'HTTP 503 Service Unavailable',
    });
  });
});

describe('findPosted', () => {
  it('finds the message whose metadata carries the key, reading history with all metadata from a few minutes before the first post', async () => {
    // A run hours late: the first post started long after the occurrence.
    const firstPost = new Date(Date.parse(DELIVERY.occurrence) + 3 * 3_600_000);
    expect(await poster().findPosted?.(CHANNEL, DELIVERY, firstPost)).toBe('1717225300.000300');
    const [call] = fake.api('conversations.history');
    expect(call?.body).toMatchObject({
      channel: 'C2147483705',
      include_all_metadata: 'true',
      oldest: String(firstPost.getTime() / 1000 - 5 * 60),
    });
  });

  it('reads from the newest message when the ledger does not know when the first post started', async () => {
    expect(await poster().findPosted?.(CHANNEL, DELIVERY, undefined)).toBe('1717225300.000300');
    expect(fake.api('conversations.history')[0]?.body.oldest).toBeUndefined();
  });

  it("ignores other keys, and another app's metadata even with our key", async () => {
    const other = { subscriptionId: 'sub-43', occurrence: DELIVERY.occurrence, key: 'sub-43@2026-06-01T00:00:00.000Z' };
    expect(await poster().findPosted?.(CHANNEL, other, undefined)).toBeUndefined();
    expect(await poster().findPosted?.(CHANNEL, { ...DELIVERY, key: 'sub-42@2026-06-08T00:00:00.000Z' }, undefined)).toBeUndefined();
  });

  it('follows the cursor to older pages', async () => {
    const page = fixture<{ messages: unknown[] }>('web-api/conversations.history.json');
    restore = fake.on('conversations.history', (body) =>
      body.cursor === 'page-2'
        ? { body: page }
        : { body: { ok: true, messages: page.messages.slice(0, 1), has_more: true, response_metadata: { next_cursor: 'page-2' } } },
    );
    expect(await poster().findPosted?.(CHANNEL, DELIVERY, undefined)).toBe('1717225300.000300');
    expect(fake.api('conversations.history').map((call) => call.body.cursor)).toEqual([undefined, 'page-2']);
  });

  it('throws a PostError when history cannot be read', async () => {
    restore = fake.on('conversations.history', () => ({ body: { ok: false, error: 'missing_scope', needed: 'channels:history' } }));
    expect(await failure(poster().findPosted?.(CHANNEL, DELIVERY, undefined) ?? Promise.resolve())).toMatchObject({
      kind: 'install',
      reason: 'missing_scope',
    });
  });
});
