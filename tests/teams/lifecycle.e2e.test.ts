// End to end: Dateline removed from a Teams team forgets all the team's conversations at once and
// pauses their digests with the reason; added back, it resumes them and posts to the channel
// again; a digest paused for its own reason stays paused. While it is removed, the team's
// installation gates everything: a message stores no reference, `subscribe` resumes nothing,
// and no digest of the team is posted, paused or not.
import { describe, expect, it } from 'vitest';
import { CHANNEL_ID, fixture, GENERAL_CHANNEL_ID, mentionMessage, NOW, TENANT_ID, teamsChannel, useTeamsBot } from './support.ts';

const running = useTeamsBot();
const store = () => running.teams.bot.store;

async function deliver(name: string): Promise<void> {
  expect((await running.teams.send(fixture(name, running.connector.url))).status).toBe(200);
}

/** 09:00 in Seoul (00:00 UTC) on a day after the bot's clock (2026-06-15), a minute late. */
const dueOn = (day: number) => new Date(Date.UTC(2026, 5, day, 0, 1));

describe('Teams: removed from a team, and added back', () => {
  it("forgets the team's conversations together, pauses its digests with the reason, and resumes them when added again", async () => {
    await deliver('conversation-update-bot-added');
    expect(await store().findInstallation('teams', GENERAL_CHANNEL_ID)).toMatchObject({ state: 'active', tenantId: TENANT_ID });
    expect((await running.teams.send(mentionMessage(running.connector.url, 'subscribe daily 09:00 Asia/Seoul'))).status).toBe(200);
    expect(
      (await running.teams.send(mentionMessage(running.connector.url, 'subscribe weekly mon 09:00 Asia/Seoul', '1781485329001'))).status,
    ).toBe(200);
    const [daily, weekly] = await store().subscriptionsOf(teamsChannel(CHANNEL_ID));
    expect(daily?.cadence).toBe('daily');
    await store().pauseSubscription(weekly!.id, 'paused on its own', new Date());

    await deliver('conversation-update-bot-removed');
    expect(await store().getConversation(teamsChannel(CHANNEL_ID))).toBeUndefined();
    expect(await store().getConversation(teamsChannel(GENERAL_CHANNEL_ID))).toBeUndefined();
    const paused = await store().subscriptionsOf(teamsChannel(CHANNEL_ID));
    expect(paused.map((subscription) => subscription.paused?.reason)).toEqual(['removed-from-team', 'channel']);
    expect(await store().findInstallation('teams', GENERAL_CHANNEL_ID)).toMatchObject({ state: 'uninstalled' });
    running.connector.clear();
    await running.teams.bot.scheduler.runPass(dueOn(16));
    expect(running.connector.requests).toEqual([]);

    await deliver('conversation-update-bot-added');
    const resumed = await store().subscriptionsOf(teamsChannel(CHANNEL_ID));
    expect(resumed.map((subscription) => subscription.paused?.detail)).toEqual([undefined, 'paused on its own']);
    expect(await store().findInstallation('teams', GENERAL_CHANNEL_ID)).toMatchObject({ state: 'active' });
    expect((await running.teams.bot.scheduler.runPass(dueOn(16))).delivered).toBe(1);
    expect(running.connector.requests.map((request) => request.conversationId)).toEqual([CHANNEL_ID]);
  });

  it('gates every command and every post of a team it was removed from, until it is added again', async () => {
    await deliver('conversation-update-bot-added');
    expect(
      (await running.teams.send(mentionMessage(running.connector.url, 'subscribe daily 09:00 Asia/Seoul', '1781485329101'))).status,
    ).toBe(200);
    await deliver('conversation-update-bot-removed');
    running.connector.clear();

    // A message and `subscribe` in the channel: answered that Dateline is gone, nothing stored or resumed.
    expect(
      (await running.teams.send(mentionMessage(running.connector.url, 'subscribe daily 10:00 Asia/Seoul', '1781485329102'))).status,
    ).toBe(200);
    expect(JSON.stringify(running.connector.requests.map((request) => request.body))).toContain('no longer installed here');
    expect(await store().getConversation(teamsChannel(CHANNEL_ID))).toBeUndefined();
    const [daily] = await store().subscriptionsOf(teamsChannel(CHANNEL_ID));
    expect(daily).toMatchObject({ hour: 9, paused: { reason: 'removed-from-team' } });
    expect(await store().findInstallation('teams', GENERAL_CHANNEL_ID)).toMatchObject({ state: 'uninstalled' });

    // A digest of the team that is not paused (one kept from before, its reference too) is not posted either.
    const other = teamsChannel('19:kept@thread.tacv2');
    await store().saveConversation(
      other,
      { serviceUrl: running.connector.url, conversation: { id: other.channel } },
      new Date(),
      GENERAL_CHANNEL_ID,
    );
    await store().saveSubscription(other, { cadence: 'daily', hour: 9, minute: 0, zone: 'Asia/Seoul', quiet: false }, NOW);
    running.connector.clear();
    const pass = await running.teams.bot.scheduler.runPass(dueOn(17));
    expect(pass.delivered).toBe(0);
    expect(running.connector.requests).toEqual([]);

    await deliver('conversation-update-bot-added');
    expect((await running.teams.bot.scheduler.runPass(dueOn(18))).delivered).toBe(2);
  });
});
