// End to end: the Teams adapter's poster, as the scheduler uses it, posts a digest card
// proactively to a conversation stored at install time (a new message, not a reply), returns
// the Bot Connector's activity id, and turns failures into classified PostErrors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderTeamsActivity } from '../../adapters/teams/render.ts';
import type { ChannelPoster } from '../../src/adapter.ts';
import { FakeConnector, fixture, GENERAL_CHANNEL_ID, guardNetwork, NOW, startTeamsBot, teamsChannel, type TeamsBot } from './support.ts';
import { type DeliveryKey, PostError } from '../../src/types.ts';

let connector: FakeConnector;
let teams: TeamsBot;
let poster: ChannelPoster;
let restoreNetwork: () => void;

const delivery: DeliveryKey = { subscriptionId: 'sub-7', occurrence: '2026-06-15T00:00:00.000Z', key: 'sub-7@2026-06-15T00:00:00.000Z' };
const general = teamsChannel(GENERAL_CHANNEL_ID);

beforeAll(async () => {
  restoreNetwork = guardNetwork();
  connector = new FakeConnector();
  await connector.start();
  teams = await startTeamsBot();
  poster = teams.bot.adapters.find((adapter) => adapter.name === 'teams')!.poster!;
  expect((await teams.send(fixture('conversation-update-bot-added', connector.url))).status).toBe(200);
});

afterAll(async () => {
  await teams?.close();
  await connector?.stop();
  restoreNetwork?.();
});

beforeEach(() => {
  connector.clear();
  connector.reply = () => ({ status: 200, body: { id: '1:digest-activity' } });
});

async function postFailure(): Promise<PostError> {
  const digest = teams.bot.dateline.digests.daily(NOW, 'Asia/Seoul')!;
  const error = await poster.post(general, digest, delivery).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(PostError);
  return error as PostError;
}

describe('the Teams poster', () => {
  it('is the Teams platform poster', () => {
    expect(poster.platform).toBe('teams');
    expect(poster.findPosted).toBeUndefined();
  });

  it('posts the digest card to the stored conversation as a new message and returns its id', async () => {
    const digest = teams.bot.dateline.digests.daily(NOW, 'Asia/Seoul')!;
    const id = await poster.post(general, digest, delivery);
    expect(id).toBe('1:digest-activity');
    expect(connector.requests).toHaveLength(1);
    const [request] = connector.requests;
    expect(request!.path).toBe(`/v3/conversations/${encodeURIComponent(GENERAL_CHANNEL_ID)}/activities`);
    expect(request!.body.replyToId).toBeUndefined();
    expect(request!.body.conversation?.id).toBe(GENERAL_CHANNEL_ID);
    expect(request!.body.attachments).toEqual(renderTeamsActivity(digest).attachments);
  });

  it('refuses a conversation with no stored reference, without calling Teams', async () => {
    const error = await poster
      .post(teamsChannel('19:never-installed@thread.tacv2'), teams.bot.dateline.digests.daily(NOW, 'Asia/Seoul')!, delivery)
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(PostError);
    expect((error as PostError).kind).toBe('channel');
    expect(connector.requests).toEqual([]);
  });

  it('pauses the conversation when Dateline was removed from it (403)', async () => {
    connector.reply = () => ({
      status: 403,
      body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } },
    });
    const error = await postFailure();
    expect(error.kind).toBe('channel');
    expect(error.reason).toContain('BotNotInConversationRoster');
    expect(connector.requests).toHaveLength(1);
  });

  it('pauses the conversation when it is gone (404)', async () => {
    connector.reply = () => ({ status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } });
    expect((await postFailure()).kind).toBe('channel');
  });

  it('asks to retry after a 429, with the Retry-After, once botbuilder has retried it itself', async () => {
    connector.reply = () => ({
      status: 429,
      headers: { 'retry-after': '0' },
      body: { error: { code: 'Throttled', message: 'Too many requests' } },
    });
    const error = await postFailure();
    expect(error.kind).toBe('retry');
    expect(error.retryAfterMs).toBe(0);
    // botbuilder's HTTP pipeline retries throttled requests three times before giving up.
    expect(connector.requests).toHaveLength(4);
  });
});
