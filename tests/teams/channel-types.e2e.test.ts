// End to end: private and shared channels. Dateline added to one is asked there by mention,
// subscribed there, and its digest posted there proactively through the stand-in Bot Connector;
// removed from one such channel, only that channel's digests pause (as a removal from a team
// pauses the team's), and adding it back resumes them.
import { describe, expect, it } from 'vitest';
import { type Activity, CHANNEL_ID, fixture, GENERAL_CHANNEL_ID, mentionMessage, teamsChannel, useTeamsBot } from './support.ts';

const running = useTeamsBot();
const store = () => running.teams.bot.store;

const PRIVATE_CHANNEL_ID = '19:Pv3tQ5rS7uW9yA1cE3gI5kM7oQ9sU1wY@thread.tacv2';
const SHARED_CHANNEL_ID = '19:Sh4rEd6cH8aN0nE2lK4oR6eA8nP0aR2t@thread.tacv2';
const CHANNELS = { private: PRIVATE_CHANNEL_ID, shared: SHARED_CHANNEL_ID } as const;
type ChannelType = keyof typeof CHANNELS;

/** 09:00 in Seoul (00:00 UTC) on a day after the bot's clock (2026-06-15), a minute late. */
const dueOn = (day: number) => new Date(Date.UTC(2026, 5, day, 0, 1));

async function deliver(activity: Activity): Promise<void> {
  const response = await running.teams.send(activity);
  expect(response.status, response.text).toBe(200);
}

/** The channel's data as Teams sends it in a private or shared channel: the channel with its type, and the host team. */
function channelData(type: ChannelType) {
  return {
    channel: { id: CHANNELS[type], type },
    team: { id: GENERAL_CHANNEL_ID },
    tenant: { id: '8d1b2f4e-3c5a-4e7b-9f60-1a2b3c4d5e6f' },
  };
}

/** Dateline allowed in a private or shared channel (membersAdded, channelMemberAdded). */
const added = (type: ChannelType) => {
  const activity = fixture('conversation-update-bot-added-private-channel', running.connector.url);
  return {
    ...activity,
    conversation: { ...activity.conversation, id: CHANNELS[type] },
    channelData: { ...channelData(type), eventType: 'channelMemberAdded' },
  };
};

/** Dateline removed from a private or shared channel (membersRemoved, channelMemberRemoved). */
const removed = (type: ChannelType) => {
  const activity = fixture('conversation-update-bot-removed-shared-channel', running.connector.url);
  return {
    ...activity,
    conversation: { ...activity.conversation, id: CHANNELS[type] },
    channelData: { ...channelData(type), eventType: 'channelMemberRemoved' },
  };
};

/** "@Dateline <command>" in a private or shared channel (the message's id in the conversation id, as Teams sends it). */
function askIn(type: ChannelType, command: string, id: string): Activity {
  const message = mentionMessage(running.connector.url, command, id);
  return { ...message, conversation: { ...message.conversation, id: `${CHANNELS[type]};messageid=${id}` }, channelData: channelData(type) };
}

describe('Teams: private and shared channels', () => {
  it('answers a mention there and posts a subscribed digest there proactively', async () => {
    for (const [index, type] of (['private', 'shared'] as const).entries()) {
      await deliver(added(type));
      expect(await store().findInstallation('teams', CHANNELS[type])).toMatchObject({ state: 'active' });
      await deliver(askIn(type, 'subscribe daily 09:00 Asia/Seoul', `178148533000${index}`));
    }
    // The replies to the mentions, in each channel's thread.
    expect(running.connector.requests.map((request) => request.conversationId)).toEqual([
      `${PRIVATE_CHANNEL_ID};messageid=1781485330000`,
      `${SHARED_CHANNEL_ID};messageid=1781485330001`,
    ]);
    running.connector.clear();

    expect((await running.teams.bot.scheduler.runPass(dueOn(16))).delivered).toBe(2);
    const posts = running.connector.requests;
    expect(posts.map((request) => [request.method, request.conversationId, request.replyToId]).sort()).toEqual([
      ['POST', PRIVATE_CHANNEL_ID, undefined],
      ['POST', SHARED_CHANNEL_ID, undefined],
    ]);
    for (const post of posts) expect(post.body.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('pauses only that channel’s digests when removed from one, and resumes them when added back', async () => {
    // A standard channel of the same team, subscribed too: the removal from a shared channel must leave it alone.
    await deliver(fixture('conversation-update-bot-added', running.connector.url));
    await deliver(mentionMessage(running.connector.url, 'subscribe daily 09:00 Asia/Seoul', '1781485330100'));

    await deliver(removed('shared'));
    expect(await store().getConversation(teamsChannel(SHARED_CHANNEL_ID))).toBeUndefined();
    const [paused] = await store().subscriptionsOf(teamsChannel(SHARED_CHANNEL_ID));
    expect(paused?.paused?.reason).toBe('removed-from-team');
    expect(await store().findInstallation('teams', SHARED_CHANNEL_ID)).toMatchObject({ state: 'uninstalled' });
    expect(await store().findInstallation('teams', GENERAL_CHANNEL_ID)).toMatchObject({ state: 'active' });
    for (const channel of [PRIVATE_CHANNEL_ID, CHANNEL_ID]) {
      const [subscription] = await store().subscriptionsOf(teamsChannel(channel));
      expect(subscription?.paused, channel).toBeUndefined();
    }
    running.connector.clear();
    expect((await running.teams.bot.scheduler.runPass(dueOn(17))).delivered).toBe(2);
    expect(running.connector.requests.map((request) => request.conversationId).sort()).toEqual([CHANNEL_ID, PRIVATE_CHANNEL_ID].sort());

    await deliver(added('shared'));
    const [resumed] = await store().subscriptionsOf(teamsChannel(SHARED_CHANNEL_ID));
    expect(resumed?.paused).toBeUndefined();
    running.connector.clear();
    expect((await running.teams.bot.scheduler.runPass(dueOn(18))).delivered).toBe(3);
    expect(running.connector.requests.map((request) => request.conversationId)).toContain(SHARED_CHANNEL_ID);
  });
});
