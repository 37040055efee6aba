// End to end over signed HTTP: "Quote & source" under an item of an ephemeral answer, of a shared
// answer and of a digest (each a block_actions click, as Slack sends it) answers the clicking
// person alone, on the click's response_url, with the item's quote as a block quote and its
// source's title linked to its URL, with publisher, author and date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeText, link } from '../../adapters/slack/mrkdwn.ts';
import { commandSigner } from '../../adapters/slack/signed-command.ts';
import { fixture, waitFor } from './support/fake-slack.ts';
import { allText, quoteButtons, SIGNING_SECRET, startSlackBot, type SlackBot } from './support/slack-bot.ts';

const CHANNEL = 'C2147483705';

let slack: SlackBot;
beforeAll(async () => {
  slack = await startSlackBot();
});
afterAll(async () => {
  await slack?.close();
});

type Payload = Record<string, unknown> & { actions: Record<string, unknown>[] };

/** A click on a button with `actionId` and `value`, in a message of `channel`, answering on response_url `id`. */
function click(actionId: string, value: string, id: string, container: Record<string, unknown> = {}, channel = CHANNEL): Payload {
  const payload = fixture<Payload>('block-actions-share.json');
  return {
    ...payload,
    channel: { id: channel, name: 'test' },
    container: { ...(payload.container as object), channel_id: channel, ...container },
    response_url: slack.fake.responseUrl(id),
    trigger_id: `13345224609.738474920.${id}`,
    actions: [{ ...payload.actions[0], action_id: actionId, text: { type: 'plain_text', text: 'Quote & source' }, value }],
  };
}

/** Clicks "Quote & source" and returns what the clicking person is answered. */
async function quoteOf(value: string, id: string, container: Record<string, unknown> = {}) {
  const { status } = await slack.action(click('dateline_quote', value, id, container));
  expect(status).toBe(200);
  return slack.reply(id);
}

/** What the answer to "Quote & source" on `factId` must show: each source's quote, its linked title, publisher, author and date. */
function expectQuoteAndSource(reply: Record<string, unknown>, factId: string): void {
  const fact = slack.bot.dateline.catalog.fact(factId);
  if (!fact) throw new Error(`no fact ${factId}`);
  // Ephemeral, beside the message it was clicked on (which stays as it is).
  expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  const text = allText(reply);
  expect(text).toContain(`*${escapeText(fact.title)}*`);
  for (const { quote, source } of fact.citations) {
    const firstLine = escapeText(quote).split('\n')[0]!;
    expect(text).toContain(`> ${firstLine}`);
    expect(text).toContain(link(source.url, source.title));
    for (const part of [source.publisher, source.author]) if (part) expect(text).toContain(escapeText(part));
  }
  // The pack's source was published on 2023-09-01: the date reads as people write it.
  if (fact.citations.some((cited) => cited.source.published === '2023-09-01')) expect(text).toContain('1 September 2023');
  expect(JSON.stringify(reply)).not.toContain(factId);
}

describe('"Quote & source"', () => {
  it('sits under every item of an ephemeral answer, and answers with that item’s quote and source', async () => {
    const { id } = await slack.command('search lunit');
    const answer = await slack.reply(id);
    const buttons = quoteButtons(answer);
    expect(buttons.length).toBeGreaterThan(1);
    const items = (await slack.bot.dateline.ask('search lunit', { now: new Date() })).sections.flatMap((section) => section.items);
    expect(buttons.map((button) => button.factId)).toEqual(items.map((item) => item.factId));
    // The second item's button answers about the second item, not the first.
    const chosen = buttons[1]!;
    expectQuoteAndSource(await quoteOf(chosen.value, 'quote-answer', { is_ephemeral: true }), chosen.factId);
  });

  it('works on an answer shared in the channel', async () => {
    const { id } = await slack.command('latest 3');
    const answer = await slack.reply(id);
    const share = (answer.blocks as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === 'dateline_share')?.value;
    if (!share) throw new Error('no share button');
    const before = slack.fake.api('chat.postMessage').length;
    await slack.action(click('dateline_share', share, 'quote-share'));
    const post = await waitFor(() => slack.fake.api('chat.postMessage')[before], 'the shared answer');
    const [first] = quoteButtons(post.body);
    if (!first) throw new Error('no "Quote & source" on the shared answer');
    expect(quoteButtons(post.body)).toHaveLength(3);
    expectQuoteAndSource(await quoteOf(first.value, 'quote-shared', { is_ephemeral: false }), first.factId);
  });

  it('works on a digest posted by the scheduler', async () => {
    const { id } = await slack.command('subscribe weekly mon 09:00 Asia/Seoul theme imaging');
    await slack.reply(id);
    const before = slack.fake.api('chat.postMessage').length;
    // Mondays at 09:00 in Seoul are Mondays at 00:00 UTC: the first Monday after today.
    const now = new Date();
    const days = (8 - now.getUTCDay()) % 7 || 7;
    const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 0, 1));
    expect((await slack.bot.scheduler.runPass(due)).delivered).toBe(1);
    const post = slack.fake.api('chat.postMessage')[before]!;
    expect(post.body.metadata).toMatchObject({ event_type: 'dateline_digest' });
    const buttons = quoteButtons(post.body);
    expect(buttons.length).toBeGreaterThan(1);
    const last = buttons.at(-1)!;
    expectQuoteAndSource(await quoteOf(last.value, 'quote-digest', { is_ephemeral: false }), last.factId);
  });

  it('answers a button signed for another channel, or not by this server, with no quote', async () => {
    const fact = slack.bot.dateline.catalog.facts[0]!;
    const elsewhere = commandSigner(SIGNING_SECRET).sign({ command: { kind: 'fact', id: fact.id }, channel: 'C0OTHER' })!;
    const forged = commandSigner('another secret').sign({ command: { kind: 'fact', id: fact.id }, channel: CHANNEL })!;
    for (const [value, id] of [
      [elsewhere, 'quote-elsewhere'],
      [forged, 'quote-forged'],
    ] as const) {
      const reply = await quoteOf(value, id);
      expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(String(reply.text)).toContain('no longer works');
      expect(JSON.stringify(reply)).not.toContain(escapeText(fact.citations[0]!.quote).slice(0, 40));
    }
  });
});
