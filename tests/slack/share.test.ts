// End to end over signed HTTP: "Share in channel" (a block_actions payload, as Slack sends it)
// posts the briefing the person saw in the channel, attributed to them, through chat.postMessage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, waitFor, type Recorded } from './support/fake-slack.ts';
import { SHARE_LASTS_MS } from '../../adapters/slack/share-age.ts';
import { commandSigner } from '../../adapters/slack/signed-command.ts';
import { allText, BOT_TOKEN, quoteButtons, SIGNING_SECRET, startSlackBot, type SlackBot } from './support/slack-bot.ts';

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

type Payload = Record<string, unknown> & { actions: Record<string, unknown>[]; channel: { id: string; name: string } };

/** The recorded block_actions payload, clicked on `value` in `channel`, answering on response_url `id`. */
function click(value: string, id: string, channel = 'C2147483705'): Payload {
  const payload = fixture<Payload>('block-actions-share.json');
  return {
    ...payload,
    channel: { ...payload.channel, id: channel },
    container: { ...(payload.container as object), channel_id: channel },
    response_url: slack.fake.responseUrl(id),
    // Slack gives every click its own trigger_id.
    trigger_id: `13345224609.738474920.${id}`,
    actions: [{ ...payload.actions[0], value }],
  };
}

/** Runs a command (in `channel`) and returns its reply and the value of its share button. */
async function lookUp(text: string, channel = 'C2147483705') {
  const { id } = await slack.command(text, { fields: { channel_id: channel } });
  const reply = await slack.reply(id);
  const blocks = reply.blocks as { elements?: { action_id?: string; value?: string }[] }[];
  const value = blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === 'dateline_share')?.value;
  if (!value) throw new Error(`no share button in the reply to ${text}`);
  return { reply, value };
}

const factIds = (message: Record<string, unknown>) => quoteButtons(message).map((button) => button.factId);

describe('Share in channel', () => {
  it('posts the same briefing in the channel, attributed to the sharer, and removes the ephemeral copy', async () => {
    const { reply, value } = await lookUp('search lunit');
    const before = slack.fake.api('chat.postMessage').length;
    const { status } = await slack.action(click(value, 'share-ok'));
    expect(status).toBe(200);

    const post = await waitFor(() => slack.fake.api('chat.postMessage')[before], 'chat.postMessage');
    expect(post.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(post.body.channel).toBe('C2147483705');
    expect(post.body).not.toHaveProperty('link_names');
    const shared = allText(post.body);
    expect(shared).toContain('Shared by <@U2147483697>');
    expect(factIds(post.body)).toEqual(factIds(reply));
    expect(factIds(post.body).length).toBeGreaterThan(0);
    expect(JSON.stringify(post.body.blocks)).not.toContain('dateline_share');

    expect(await slack.reply('share-ok')).toEqual({ delete_original: true });
  });

  it('keeps "today" the day it was asked, whenever the button is clicked within the day it lasts', async () => {
    // Twenty hours ago: in Seoul, as often as not yesterday.
    const at = new Date(Date.now() - 20 * 3_600_000).toISOString();
    const expected = await slack.bot.dateline.ask('today', { now: new Date(at) });
    const before = slack.fake.api('chat.postMessage').length;
    const value = commandSigner(SIGNING_SECRET).sign({ command: { kind: 'today' }, at: new Date(at), channel: 'C2147483705' })!;
    await slack.action(click(value, 'share-today'));
    const post = await waitFor(() => slack.fake.api('chat.postMessage')[before], 'chat.postMessage');
    expect(allText(post.body)).toContain(expected.title);
  });

  it('explains, ephemerally, when Slack refuses the post', async () => {
    const restore = slack.fake.on('chat.postMessage', () => ({ body: fixture('web-api/channel_not_found.json') }));
    try {
      const { value } = await lookUp('latest 3', 'C0GONE');
      await slack.action(click(value, 'share-refused', 'C0GONE'));
      const reply = await slack.reply('share-refused');
      expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(reply.text).toContain('channel_not_found');
      expect(reply.text).toContain('/invite');
    } finally {
      restore();
    }
  });

  it('refuses a Share older than a day, or dated ahead of now (year 9999), with a line saying so, posting nothing', async () => {
    const signer = commandSigner(SIGNING_SECRET);
    const before = slack.fake.api('chat.postMessage').length;
    for (const [id, at] of [
      ['share-stale', new Date(Date.now() - SHARE_LASTS_MS - 60_000)],
      ['share-9999', new Date('9999-12-31T00:00:00.000Z')],
    ] as const) {
      const value = signer.sign({ command: { kind: 'search', text: 'lunit' }, at, channel: 'C2147483705' })!;
      await slack.action(click(value, id));
      expect((await slack.reply(id)).text).toMatch(/has expired \(a Share lasts a day\)/);
    }
    expect(slack.fake.api('chat.postMessage').length).toBe(before);
  });

  it('answers a button value it did not write without posting anything', async () => {
    const before = slack.fake.api('chat.postMessage').length;
    await slack.action(click('{"text":', 'share-garbled'));
    expect((await slack.reply('share-garbled')).text).toContain('no longer works');
    expect(slack.fake.api('chat.postMessage').length).toBe(before);
  });

  it('ignores an unsigned click', async () => {
    const before = slack.fake.calls.length;
    const { status } = await slack.action(click(JSON.stringify({ text: 'today', at: new Date().toISOString() }), 'share-unsigned'), {
      signature: null,
    });
    expect(status).toBe(401);
    const later = await slack.command('today');
    await slack.reply(later.id);
    expect(slack.fake.calls.slice(before).map((call: Recorded) => call.path)).toEqual([`/response/${later.id}`]);
  });
});
