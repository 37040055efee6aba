// End to end: conversation references are stored when Dateline is installed (conversationUpdate
// with the bot in membersAdded, installationUpdate "add"), refreshed on every message, and
// deleted when it is removed or uninstalled — as the scheduler's poster will find them.
import type { ConversationReference } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { BOT_ID, CHANNEL_ID, fixture, GENERAL_CHANNEL_ID, GROUP_CHAT_ID, mentionMessage, teamsChannel, useTeamsBot } from './support.ts';

const running = useTeamsBot();

const stored = async (channel: string) =>
  (await running.teams.bot.store.getConversation(teamsChannel(channel)))?.reference as Partial<ConversationReference> | undefined;

async function deliver(name: string, changes: Record<string, unknown> = {}): Promise<void> {
  const response = await running.teams.send(fixture(name, running.connector.url, changes));
  expect(response.status).toBe(200);
}

describe('conversation references', () => {
  it('stores the team channel when Dateline is added to a team, and deletes it when removed', async () => {
    expect(await stored(GENERAL_CHANNEL_ID)).toBeUndefined();
    await deliver('conversation-update-bot-added');
    const reference = await stored(GENERAL_CHANNEL_ID);
    expect(reference).toMatchObject({
      channelId: 'msteams',
      serviceUrl: running.connector.url,
      conversation: { id: GENERAL_CHANNEL_ID },
      bot: { id: BOT_ID },
    });
    expect(running.connector.requests).toEqual([]);

    await deliver('conversation-update-bot-removed');
    expect(await stored(GENERAL_CHANNEL_ID)).toBeUndefined();
  });

  it('stores nothing when someone else joins', async () => {
    await deliver('conversation-update-bot-added', {
      membersAdded: [{ id: '29:someone-else' }],
      conversation: { id: '19:other@thread.tacv2', conversationType: 'channel', tenantId: '8d1b2f4e-3c5a-4e7b-9f60-1a2b3c4d5e6f' },
    });
    expect(await stored('19:other@thread.tacv2')).toBeUndefined();
  });

  it('stores the chat on installationUpdate "add" and deletes it on "remove"', async () => {
    await deliver('installation-update-add');
    expect(await stored(GROUP_CHAT_ID)).toMatchObject({ serviceUrl: running.connector.url, conversation: { id: GROUP_CHAT_ID } });
    await deliver('installation-update-remove');
    expect(await stored(GROUP_CHAT_ID)).toBeUndefined();
  });

  it('refreshes the reference on every message, for the channel rather than the thread', async () => {
    // Installed in the team (an earlier test removed it, and an ended installation stores nothing).
    await deliver('conversation-update-bot-added');
    await running.teams.send(mentionMessage(running.connector.url, 'today'));
    expect((await stored(CHANNEL_ID))?.serviceUrl).toBe(running.connector.url);
    // Teams may move a conversation to another serviceUrl; the next message carries the new one.
    const movedUrl = running.connector.url.replace('127.0.0.1', 'localhost');
    await running.teams.send({ ...mentionMessage(running.connector.url, 'today', '1781485329999'), serviceUrl: movedUrl });
    const reference = await stored(CHANNEL_ID);
    expect(reference?.serviceUrl).toBe(movedUrl);
    expect(reference?.conversation?.id).toBe(CHANNEL_ID);
    expect(reference?.activityId).toBeUndefined();
  });
});
